package io.dtscutover.workflow;

import io.dtscutover.approval.Gate;
import io.dtscutover.approval.GateDecision;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.VerificationState;
import java.time.Instant;

/**
 * The texts a cutover shows people (timeline, notifications, answers to their actions) that more
 * than a line of the workflow builds. Pure, so their wording is tested with plain JUnit.
 */
final class CutoverMessages {
  private CutoverMessages() {}

  /** The freeze, as people name it: {@code mysql-read-only on orders-db}. */
  static String describeFreeze(CutoverRequest request) {
    return request.freezeStrategy().cliName()
        + (request.freezeTarget() == null ? "" : " on " + request.freezeTarget());
  }

  /** Why a task with an unfinished full load is not stopped. */
  static String fullLoadUnfinished(JobSnapshot job) {
    return "its full load has not finished (DataInitializationStatus "
        + (job.rawFullLoadStatus() == null ? "not reported" : job.rawFullLoadStatus())
        + "): stopping it would leave the destination with partial data";
  }

  /** The timeline's line for the chosen route. */
  static String routeChosen(Route route, JobSnapshot job) {
    return switch (route) {
      case FULL_LOAD_ONLY -> "full-load-only task: it will be left to finish by itself";
      case STOP_AS_IS -> "task is " + job.rawStatus() + ": stopping it as is, as allowed";
      case INCREMENTAL ->
          job.incrementalRunning()
              ? "incremental migration is running"
              : "incremental migration configured; the task is still in full load";
    };
  }

  /** The report's note when a completed cutover leaves the source frozen. */
  static String sourceStaysFrozen(CutoverRequest request) {
    return "the source stays frozen: its writes now belong to the destination"
        + " (if the rollback plan needs it writable, undo the "
        + describeFreeze(request)
        + " freeze by hand; --unfreeze-after-stop does it for future cutovers)";
  }

  /** A gate's decision: {@code approved by bob: looks good}, {@code expired}, ... */
  static String describeDecision(GateDecision decision) {
    String comment =
        decision.comment() == null || decision.comment().isBlank() ? "" : ": " + decision.comment();
    return switch (decision.verdict()) {
      case APPROVED -> "approved by " + decision.by() + comment;
      case AUTO_APPROVED -> "auto-approved by policy";
      case NOT_REQUIRED -> "passed (no approval required)";
      case REJECTED -> "rejected by " + decision.by() + comment;
      case EXPIRED -> "expired" + comment;
    };
  }

  /** The notification that a gate waits for a person; at the stop gate, with verification. */
  static String gateWaiting(
      CutoverRequest request, Gate gate, Instant until, VerificationState verification) {
    return "Cutover of "
        + request.jobId()
        + " waits for approval of the "
        + gate.cliName()
        + " gate until "
        + until
        + (gate == Gate.STOP && verification != null
            ? "; DTS data verification: " + verification.describe()
            : "");
  }

  /** The notification that a manual freeze waits for the writers to stop. */
  static String writesStopWaiting(CutoverRequest request, Instant until) {
    return "Cutover of "
        + request.jobId()
        + ": stop the writers on the source, then confirm before "
        + until;
  }

  /** The notification that a cutover ended. */
  static String ended(CutoverRequest request, Outcome outcome, String reason) {
    return "Cutover of "
        + request.jobId()
        + " in "
        + request.regionId()
        + " "
        + outcome
        + ": "
        + reason;
  }

  /** What happens next, answered to the person who approved {@code gate}. */
  static String afterApproval(Gate gate) {
    return switch (gate) {
      case FREEZE -> "the cutover freezes the source and waits for zero lag";
      case STOP -> "the cutover stops the DTS task: the point of no return";
      case DELETE -> "the cutover releases the DTS task";
    };
  }

  /** What happens next, answered to the person who rejected {@code gate}. */
  static String afterRejection(Gate gate) {
    return gate == Gate.DELETE
        ? "the task will not be released; the cutover completes"
        : "the cutover aborts: the source is restored and the task left running";
  }
}
