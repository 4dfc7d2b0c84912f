package io.dtscutover.workflow;

/**
 * Ends the runbook early with an outcome and a reason: a refusal, an abort or a failure. Thrown
 * inside {@link CutoverWorkflowImpl} and caught by its {@code run}, which compensates and reports;
 * it never leaves the workflow.
 */
final class RunbookStop extends RuntimeException {
  private final Outcome outcome;

  private RunbookStop(Outcome outcome, String reason) {
    super(reason, null, false, false);
    this.outcome = outcome;
  }

  /** Before the point of no return: restore the source, leave the task running. */
  static RunbookStop abort(String reason) {
    return new RunbookStop(Outcome.ABORTED, reason);
  }

  /** Something no retry can fix. */
  static RunbookStop fail(String reason) {
    return new RunbookStop(Outcome.FAILED, reason);
  }

  /** Nothing to do: the task had already finished. */
  static RunbookStop alreadyCompleted(String reason) {
    return new RunbookStop(Outcome.ALREADY_COMPLETED, reason);
  }

  Outcome outcome() {
    return outcome;
  }

  String reason() {
    return getMessage();
  }
}
