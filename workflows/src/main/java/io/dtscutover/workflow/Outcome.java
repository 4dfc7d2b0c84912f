package io.dtscutover.workflow;

/** How a cutover ended. */
public enum Outcome {
  /** The task was stopped (and released when asked): the migration is over. */
  COMPLETED,
  /** Ended before the point of no return; the source was restored and the task left running. */
  ABORTED,
  /** Something failed that no retry could fix; the report says what state things are in. */
  FAILED,
  /** Only checks ran; nothing was frozen, stopped or deleted. */
  DRY_RUN,
  /** The task was already Finished when the cutover started; nothing was done. */
  ALREADY_COMPLETED;

  /** True for outcomes a shell should treat as success (exit code 0). */
  public boolean isSuccess() {
    return this == COMPLETED || this == DRY_RUN || this == ALREADY_COMPLETED;
  }
}
