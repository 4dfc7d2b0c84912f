package io.dtscutover.workflow;

/**
 * Ends the runbook early with an outcome and a reason: a refusal, an abort or a failure. Thrown
 * inside {@link CutoverWorkflowImpl} and caught by its {@code run}, which compensates and reports;
 * it never leaves the workflow.
 */
final class RunbookStop extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Outcome outcome;
  private final ReasonCode code;

  private RunbookStop(Outcome outcome, ReasonCode code, String reason) {
    super(reason, null, false, false);
    this.outcome = outcome;
    this.code = code;
  }

  /** Before the point of no return: restore the source, leave the task running. */
  static RunbookStop abort(ReasonCode code, String reason) {
    return new RunbookStop(Outcome.ABORTED, code, reason);
  }

  /** Something no retry can fix. */
  static RunbookStop fail(ReasonCode code, String reason) {
    return new RunbookStop(Outcome.FAILED, code, reason);
  }

  /** Nothing to do: the task had already finished. */
  static RunbookStop alreadyCompleted(String reason) {
    return new RunbookStop(Outcome.ALREADY_COMPLETED, ReasonCode.ALREADY_FINISHED, reason);
  }

  Outcome outcome() {
    return outcome;
  }

  /** The stable code of {@link #reason()}. */
  ReasonCode code() {
    return code;
  }

  String reason() {
    return getMessage();
  }
}
