package io.dtscutover.worker.dts;

import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import java.time.Duration;

/**
 * The port to DTS: the few calls a cutover makes, normalised. Implementations throw {@link
 * DtsCallException} for every failure, already classified (retryable or not, with a {@link
 * DtsFailures} type and the DTS request id), so the activities above never see a vendor exception.
 */
public interface DtsClient {

  /**
   * One {@code DescribeDtsJobDetail}, normalised into a snapshot (without the full-load status).
   */
  JobSnapshot describe(JobRef job);

  /**
   * The full-load status from {@code DescribeDtsJobs} filtered by the job id: {@code
   * DescribeDtsJobDetail} does not document it. Rate limited like {@link #describe}.
   */
  FullLoadReading describeFullLoad(JobRef job);

  /**
   * {@code StopDtsJob}. Stopping a task that already reads Stopping or Finished succeeds with
   * {@code alreadyDone}, without sending anything. Once sent, a failure whose outcome is unknown is
   * {@link DtsFailures#STOP_OUTCOME_UNKNOWN}; any other failure type means DTS did not act (see
   * {@link DtsFailures}). The stop may take effect later: poll until the task shows Finished.
   */
  DtsCallResult stop(JobRef job);

  /**
   * {@link #stop(JobRef)}, without its preliminary reading when {@code readFirst} is false: for a
   * caller that read the task itself just before. A refusal is still re-read, so a task already
   * stopping or Finished still gives {@code alreadyDone} and never a second effective stop.
   */
  default DtsCallResult stop(JobRef job, boolean readFirst) {
    return stop(job);
  }

  /**
   * {@code DeleteDtsJob}, only for a Finished task. A task already released succeeds with {@code
   * alreadyDone}; a PrePaid instance fails with {@link DtsFailures#CANNOT_RELEASE_PREPAID}.
   */
  DtsCallResult delete(JobRef job);

  /**
   * {@code DescribeDataCheckTableDetails} for every check of {@code mode}, all pages: how far each
   * check got, and which tables differ (names and counts, never row data). A check covering no
   * table is not configured on the task. Every page waits at the same limiter as {@link #describe},
   * in the {@link DtsLane#PER_JOB} lane.
   */
  VerificationState describeVerification(JobRef job, VerificationMode mode);

  /**
   * One page of {@code DescribeDtsJobs} of {@code jobType} ({@code MIGRATION} or {@code SYNC}) in
   * {@code regionId}: the batched reading of many tasks in one call.
   */
  JobPage listJobs(String regionId, String jobType, int pageNumber, int pageSize);

  /**
   * How long {@code calls} calls to {@code regionId} take at the rate allowed now; zero when this
   * client is not rate limited.
   */
  default Duration timeFor(String regionId, int calls) {
    return Duration.ZERO;
  }

  /**
   * How many cutovers per second whose quiet window held the budget of {@code regionId} can finish
   * now: take the workflow's final reading and {@code StopDtsJob} without queueing behind each
   * other at the rate limiter. Infinite when this client is not rate limited.
   */
  default double finishesPerSecond(String regionId) {
    return Double.POSITIVE_INFINITY;
  }

  /**
   * How many held quiet windows of this process may be on their way to {@code StopDtsJob} at once,
   * across regions ({@link DtsSettings#finishCap()}); unbounded by default (fakes).
   */
  default int finishCap() {
    return Integer.MAX_VALUE;
  }

  /**
   * How many cutovers a second this process may start (their preflight readings), across regions;
   * unbounded by default (fakes).
   */
  default double startsPerSecond() {
    return Double.POSITIVE_INFINITY;
  }
}
