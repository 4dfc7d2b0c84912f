package io.dtscutover.dts;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.dtscutover.workflow.WireDuration;
import java.time.Duration;

/**
 * What an await activity returns: the reading that met the condition, and how the wait went.
 *
 * @param reading the reading that completed the wait
 * @param holdRestarts how often a hold that had started was broken before it held long enough: by
 *     the condition breaking, or by a failed or missing reading (time nobody watched is not quiet
 *     time)
 * @param failedReadings readings that failed along the way (errors, throttling, unreadable answers)
 * @param readInterval how often the task was really read when that was longer than the poll
 *     interval asked for (DTS's rate limit could not read every watched task that often); {@code
 *     null} when the requested interval was met
 * @param stopQueue how long the held window waited for its region's stop budget before this (fresh)
 *     reading ended it; {@code null} when it did not queue (older workers, other waits)
 */
public record AwaitResult(
    JobSnapshot reading,
    int holdRestarts,
    int failedReadings,
    @JsonSerialize(using = WireDuration.Writer.class) Duration readInterval,
    StopQueueWait stopQueue) {

  /** A result read at the requested interval. */
  public AwaitResult(JobSnapshot reading, int holdRestarts, int failedReadings) {
    this(reading, holdRestarts, failedReadings, null, null);
  }

  /** A result that did not queue for the stop budget. */
  public AwaitResult(
      JobSnapshot reading, int holdRestarts, int failedReadings, Duration readInterval) {
    this(reading, holdRestarts, failedReadings, readInterval, null);
  }

  /** This result, ended after {@code queue}. */
  public AwaitResult withStopQueue(StopQueueWait queue) {
    return new AwaitResult(reading, holdRestarts, failedReadings, readInterval, queue);
  }

  /** A wait met at once, without restarts or failed readings (fakes). */
  public static AwaitResult of(JobSnapshot reading) {
    return new AwaitResult(reading, 0, 0);
  }
}
