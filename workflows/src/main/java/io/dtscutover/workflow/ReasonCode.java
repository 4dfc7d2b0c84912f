package io.dtscutover.workflow;

/**
 * Why a cutover ended as it did, as a stable code next to the sentence that explains it ({@code
 * reason} in the report and the status). Scripts, exit codes and tests use the code; the sentence
 * is for people and may change. New codes may be added; a client should treat an unknown code like
 * the outcome it comes with.
 */
public enum ReasonCode {
  // ---- COMPLETED, DRY_RUN, ALREADY_COMPLETED
  /** Incremental migration caught up with writes frozen and the task was stopped. */
  CAUGHT_UP_AND_STOPPED,
  /** A full-load-only task finished by itself; it was not stopped. */
  FULL_LOAD_FINISHED,
  /** A Paused or Failed task was stopped without catch-up, as the request allowed. */
  STOPPED_AS_IS,
  /** Dry run: the checks passed; nothing was changed. */
  DRY_RUN,
  /** The task was already Finished when the cutover started. */
  ALREADY_FINISHED,

  // ---- ABORTED: before the point of no return; the source was restored
  /** Preflight refused the task's status (not started, prechecking, paused, failed, ...). */
  REFUSED_STATUS,
  /** The task is in another region than the request says. */
  WRONG_REGION,
  /** A person rejected the freeze or stop gate. */
  GATE_REJECTED,
  /** Nobody decided a gate before its deadline. */
  GATE_EXPIRED,
  /** Nobody confirmed, for the manual freeze, that writes had stopped. */
  WRITES_NOT_CONFIRMED,
  /** A scheduled run found a cutover of the job already running, and skipped; nothing changed. */
  ALREADY_RUNNING,
  /** A person aborted the cutover. */
  ABORTED_BY_PERSON,
  /** The workflow was cancelled. */
  CANCELLED,
  /** The maintenance window ({@code notAfter}) left no time to freeze or to reach the stop. */
  WINDOW_CLOSED,
  /** The source was frozen for {@code maxFreeze} without reaching the stop. */
  FREEZE_BUDGET,
  /** Writes reached the frozen source, or the freeze did not hold. */
  FREEZE_BREACH,
  /** The freeze could not be applied (unknown target, configuration, credentials, ...). */
  FREEZE_FAILED,
  /**
   * The freeze guard could not be started (one from an earlier run still guards), or it refused the
   * point of no return (its budget had run out): nothing was frozen, or no stop was sent.
   */
  FREEZE_GUARD,
  /** Lag did not come down, or did not stay at zero, within {@code catchUpTimeout}. */
  CATCH_UP_TIMEOUT,
  /**
   * Marker proof could not be set up: the marker table is missing on an end, the source account
   * cannot write it while frozen, or a target is not configured. Refused before any downtime, or (a
   * failed marker write) aborted with the source restored.
   */
  MARKER_UNUSABLE,
  /**
   * The marker written on the frozen source never reached the destination within {@code
   * catchUpTimeout}, although DTS reported lag 0: the task was not stopped.
   */
  MARKER_NOT_SEEN,
  /** The full load did not end within {@code waitForIncrementalTimeout}. */
  FULL_LOAD_TIMEOUT,
  /** The task was no longer caught up just before the stop. */
  NOT_CAUGHT_UP_AT_STOP,
  /** While waiting, the task went into a state waiting cannot fix (failed, paused, ...). */
  TASK_STATE_UNSAFE,
  /**
   * DTS data verification ({@code requireVerification}) did not pass: tables with differences, a
   * failed check, a check that did not complete in time, or none configured on the task.
   */
  VERIFICATION_FAILED,

  // ---- ABORTED or FAILED, by where they happen
  /** DTS could not be reached or kept throttling, after every retry. */
  DTS_UNREACHABLE,
  /**
   * DTS answered, after every retry, in a form that cannot be read (not JSON, a field of the wrong
   * type, no status, an impossible {@code Delay}): the reason quotes the answer.
   */
  DTS_UNREADABLE,
  /** No such DTS job in that region. */
  JOB_NOT_FOUND,
  /** DTS refused a call (permission, parameter, worker configuration). */
  DTS_ERROR,

  // ---- FAILED: after the point of no return; the cutover rolls forward
  /** {@code StopDtsJob} failed: check the task in the DTS console. */
  STOP_REFUSED,
  /** The stopped task did not reach Finished in time. */
  STOP_TIMEOUT,
  /** Anything else that failed; the sentence names the activity and its error. */
  ACTIVITY_FAILED
}
