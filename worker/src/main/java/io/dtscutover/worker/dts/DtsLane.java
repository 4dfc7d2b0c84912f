package io.dtscutover.worker.dts;

import java.util.function.Supplier;

/**
 * The queue a DTS call waits in at its {@link DtsRateLimiter}. Lanes are served strictly in this
 * order, and first come, first served within a lane: the calls that end a cutover's downtime never
 * wait behind routine polls.
 */
public enum DtsLane {
  /**
   * The reading right before {@code StopDtsJob}, {@code StopDtsJob} itself with the reads it makes,
   * and {@code DeleteDtsJob}: a cutover whose quiet window held is stopped before anything else.
   */
  URGENT,
  /** A single task's own reading ({@code DescribeDtsJobDetail}): preflight and the like. */
  PER_JOB,
  /** The batched polls of waiting cutovers ({@code DescribeDtsJobs} pages). */
  ROUTINE;

  private static final ThreadLocal<DtsLane> CURRENT = ThreadLocal.withInitial(() -> PER_JOB);

  /** Runs {@code call} with its DTS calls in {@code lane} (on this thread). */
  public static <T> T during(DtsLane lane, Supplier<T> call) {
    DtsLane before = CURRENT.get();
    CURRENT.set(lane);
    try {
      return call.get();
    } finally {
      CURRENT.set(before);
    }
  }

  /** The lane of calls made on this thread now: {@link #PER_JOB} unless {@link #during} says. */
  static DtsLane current() {
    return CURRENT.get();
  }
}
