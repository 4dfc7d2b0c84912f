package io.dtscutover.dts;

/**
 * What an await activity returns: the reading that met the condition, and how the wait went.
 *
 * @param reading the reading that completed the wait
 * @param holdRestarts how often a hold that had started was broken before it held long enough: by
 *     the condition breaking, or by a failed or missing reading (time nobody watched is not quiet
 *     time)
 * @param failedReadings readings that failed along the way (errors, throttling, unreadable answers)
 */
public record AwaitResult(JobSnapshot reading, int holdRestarts, int failedReadings) {

  /** A wait met at once, without restarts or failed readings (fakes). */
  public static AwaitResult of(JobSnapshot reading) {
    return new AwaitResult(reading, 0, 0);
  }
}
