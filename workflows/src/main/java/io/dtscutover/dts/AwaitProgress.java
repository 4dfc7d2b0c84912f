package io.dtscutover.dts;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.dtscutover.workflow.WireDuration;
import java.time.Duration;
import java.time.Instant;

/**
 * Heartbeat details of an await activity: what a retry resumes from, and what a person watching the
 * pending activity (Web UI, {@code cutover watch}, {@code cutover status}) sees.
 *
 * @param heldSince when the condition started to hold without a break, or {@code null}
 * @param last the latest good reading
 * @param polls good readings taken so far, across attempts
 * @param holdRestarts how often a hold that had started was broken (the condition broke, a reading
 *     failed or went missing), across attempts
 * @param failedReadings readings that failed (error, throttling, unreadable answer), across
 *     attempts
 * @param lastError the latest reading's failure when the latest reading failed, on one line with
 *     DTS's code or HTTP status and no secret; {@code null} once a reading succeeds again, so that
 *     {@code last} is never shown as fresh while DTS cannot be read
 * @param lastErrorAt when {@code lastError} happened
 * @param readInterval how often the task is really read: the poll interval asked for, or longer
 *     when DTS's rate limit cannot read every watched task that often; {@code null} when unknown
 *     (older workers)
 * @param stopQueue while the held window waits its turn for the region's stop budget: since when it
 *     held, how long so far, and how many were ahead; {@code null} when it is not queued
 */
public record AwaitProgress(
    Instant heldSince,
    JobSnapshot last,
    long polls,
    int holdRestarts,
    int failedReadings,
    String lastError,
    Instant lastErrorAt,
    @JsonSerialize(using = WireDuration.Writer.class) Duration readInterval,
    StopQueueWait stopQueue) {

  /** Progress that is not queued for the stop budget. */
  public AwaitProgress(
      Instant heldSince,
      JobSnapshot last,
      long polls,
      int holdRestarts,
      int failedReadings,
      String lastError,
      Instant lastErrorAt,
      Duration readInterval) {
    this(
        heldSince,
        last,
        polls,
        holdRestarts,
        failedReadings,
        lastError,
        lastErrorAt,
        readInterval,
        null);
  }

  /** Progress without a known read interval. */
  public AwaitProgress(
      Instant heldSince,
      JobSnapshot last,
      long polls,
      int holdRestarts,
      int failedReadings,
      String lastError,
      Instant lastErrorAt) {
    this(heldSince, last, polls, holdRestarts, failedReadings, lastError, lastErrorAt, null, null);
  }

  /** Progress without any failed reading or broken hold. */
  public static AwaitProgress of(Instant heldSince, JobSnapshot last, long polls) {
    return new AwaitProgress(heldSince, last, polls, 0, 0, null, null);
  }
}
