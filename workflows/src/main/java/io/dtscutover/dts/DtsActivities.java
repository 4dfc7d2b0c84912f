package io.dtscutover.dts;

import io.temporal.activity.ActivityInterface;

/**
 * What the cutover needs from DTS. Every method is idempotent from the workflow's point of view, so
 * Temporal may retry any of them.
 *
 * <p>Failures are {@code ApplicationFailure}s typed with {@link DtsFailures}: throttling and
 * passing errors are retryable, an unknown job, a permission or parameter error is not, and every
 * failure message carries the DTS request id when there is one.
 */
@ActivityInterface
public interface DtsActivities {

  /**
   * One {@code DescribeDtsJobDetail}, normalised, with the full-load status from a {@code
   * DescribeDtsJobs} call filtered by the job id ({@link JobSnapshot#fullLoadStatus()}).
   */
  JobSnapshot describeJob(JobRef job);

  /**
   * Polls the job every {@code pollInterval} until {@code condition} has held for {@code holdFor},
   * heartbeating an {@link AwaitProgress} after every reading so that a retry resumes where the
   * last attempt stopped. Any failed or missing reading restarts the hold: time nobody watched is
   * not quiet time. Fails with {@link DtsFailures#JOB_STATE_UNSAFE} as soon as the condition says
   * waiting cannot succeed, with DTS's error message when it gave one. Returns the reading that
   * completed the wait with how often the hold restarted and how many readings failed.
   */
  AwaitResult awaitCondition(AwaitRequest request);

  /**
   * {@code StopDtsJob}. A job that already reads Stopping or Finished is a success ({@code
   * alreadyDone}). Fails with {@link DtsFailures#STOP_OUTCOME_UNKNOWN} when the stop was sent and
   * may have taken effect; any other failure type means DTS did not act on it (see {@link
   * DtsFailures} for which are definitive refusals).
   */
  DtsCallResult stopJob(JobRef job);

  /**
   * {@code DeleteDtsJob}: releases the task, irreversibly. A job already gone is a success; a
   * PrePaid instance fails with {@link DtsFailures#CANNOT_RELEASE_PREPAID}.
   */
  DtsCallResult deleteJob(JobRef job);

  /**
   * One reading of DTS data verification ({@code DescribeDataCheckTableDetails}) for every check of
   * {@code mode}: how far each check got and which tables differ (names and counts, never row
   * data). A check that covers no table is reported as not configured. Rate limited, retried and
   * typed like every other DTS call.
   */
  VerificationState describeVerification(JobRef job, VerificationMode mode);

  /**
   * Reads DTS data verification every {@code pollInterval} until the checks of the wait's mode have
   * completed, or a table shows differences, or a check failed or is not configured (any of which
   * waiting cannot fix), heartbeating after every reading. Returns the last reading: the caller
   * decides by {@link VerificationState#passes()}. A transient DTS error is heartbeated and the
   * polling goes on; a permanent one ends the wait.
   */
  VerificationState awaitVerification(VerificationWait wait);
}
