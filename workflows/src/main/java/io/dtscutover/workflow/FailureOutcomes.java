package io.dtscutover.workflow;

import io.dtscutover.dts.DtsFailures;
import io.dtscutover.freeze.FreezeFailures;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;

/**
 * How a failed activity ends a cutover: its {@link Outcome}, its {@link ReasonCode} and the
 * sentence a person reads. Pure functions of the failure (and of whether StopDtsJob was sent), used
 * by {@link CutoverWorkflowImpl} and tested with plain JUnit.
 */
final class FailureOutcomes {
  private FailureOutcomes() {}

  /**
   * ABORTED when waiting could not succeed or writes got through the freeze (the runbook refuses to
   * go on), FAILED for anything else.
   */
  static Outcome outcomeOf(ActivityFailure failure) {
    String type = type(failure);
    if (DtsFailures.JOB_STATE_UNSAFE.equals(type)
        || FreezeFailures.BREACHED.equals(type)
        || FreezeFailures.NOT_HELD.equals(type)) {
      return Outcome.ABORTED;
    }
    return Outcome.FAILED;
  }

  /** The code of a failed activity: by its failure type first, then by which activity it was. */
  static ReasonCode codeOf(ActivityFailure failure) {
    // A timeout or cancellation has no type; immutable collections refuse contains(null).
    String type = String.valueOf(type(failure));
    String activity = String.valueOf(failure.getActivityType());
    if (FreezeFailures.BREACHED.equals(type) || FreezeFailures.NOT_HELD.equals(type)) {
      return ReasonCode.FREEZE_BREACH;
    }
    if (FreezeFailures.NON_RETRYABLE.contains(type)) {
      return ReasonCode.FREEZE_FAILED;
    }
    if (DtsFailures.TRANSIENT.equals(type) || DtsFailures.THROTTLED.equals(type)) {
      return ReasonCode.DTS_UNREACHABLE;
    }
    if (DtsFailures.UNREADABLE.equals(type)) {
      return ReasonCode.DTS_UNREADABLE;
    }
    if (DtsFailures.JOB_NOT_FOUND.equals(type)) {
      return ReasonCode.JOB_NOT_FOUND;
    }
    if (DtsFailures.JOB_STATE_UNSAFE.equals(type)) {
      return ReasonCode.TASK_STATE_UNSAFE;
    }
    if (activity.equalsIgnoreCase("stopJob")) {
      return ReasonCode.STOP_REFUSED;
    }
    if (DtsFailures.NON_RETRYABLE.contains(type)) {
      return ReasonCode.DTS_ERROR;
    }
    return ReasonCode.ACTIVITY_FAILED;
  }

  /**
   * What failed and why, in one sentence; once StopDtsJob was sent and not confirmed, it also tells
   * the reader to check the task in the console.
   */
  static String explain(ActivityFailure failure, boolean stopSentUnconfirmed) {
    String type = type(failure);
    String what = failure.getActivityType() + " failed";
    String text = what + (type == null ? "" : " (" + type + ")") + ": " + rootMessage(failure);
    if (stopSentUnconfirmed) {
      text += "; StopDtsJob was sent: check the task in the DTS console";
    }
    return text;
  }

  /** The {@code ApplicationFailure} type of the activity's failure, or null (timeout, cancel). */
  static String type(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app ? app.getType() : null;
  }

  /** The message of the failure's cause, without the SDK's wrapping: what a person needs. */
  static String rootMessage(TemporalFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "timed out (" + timeout.getTimeoutType() + ")";
    }
    return cause == null ? failure.getMessage() : cause.getMessage();
  }
}
