package io.dtscutover.workflow;

import io.dtscutover.dts.DtsActivities;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.dtscutover.notify.NotificationActivities;
import io.dtscutover.notify.NotificationStubs;
import io.dtscutover.proof.MarkerActivities;
import io.dtscutover.proof.MarkerFailures;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.Priority;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The activity options of a cutover, declared once. Every stub carries a summary, which the Web UI
 * shows next to the activity, so callers ask for a stub per call.
 */
final class CutoverActivityStubs {

  /** DTS's passing errors (throttling, 5xx) clear in seconds; back off up to half a minute. */
  private static final RetryOptions DTS_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(1))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setDoNotRetry(DtsFailures.NON_RETRYABLE.toArray(String[]::new))
          .build();

  /**
   * Freezing is retried a few times only: a freeze that keeps failing should end the cutover (and
   * be undone) rather than stretch the downtime.
   */
  private static final RetryOptions FREEZE_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setBackoffCoefficient(2)
          .setMaximumAttempts(3)
          .setDoNotRetry(FreezeFailures.NON_RETRYABLE.toArray(String[]::new))
          .build();

  /** Unfreezing must eventually succeed, whatever the error: no attempt limit, no exclusions. */
  private static final RetryOptions UNFREEZE_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofMinutes(1))
          .build();

  /** For calls whose every attempt the runbook must see: the workflow decides what comes next. */
  private static final RetryOptions ONE_ATTEMPT =
      RetryOptions.newBuilder().setMaximumAttempts(1).build();

  /**
   * Marker calls are retried like a freeze (a database that blips), but a missing table, a missing
   * grant or an unknown target is final.
   */
  private static final RetryOptions MARKER_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(2))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofSeconds(30))
          .setDoNotRetry(markerNonRetryable())
          .build();

  /** The Temporal priority key of the calls that end the downtime (1 is the most urgent). */
  static final int URGENT = 1;

  private static final Priority URGENT_PRIORITY =
      Priority.newBuilder().setPriorityKey(URGENT).build();

  private final Duration pollInterval;

  CutoverActivityStubs(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  /** One DescribeDtsJobDetail: seconds normally, retried for up to five minutes of throttling. */
  DtsActivities describe(String summary) {
    return dts(reading(summary));
  }

  /**
   * The reading right before StopDtsJob: like {@link #describe}, and marked urgent (priority key
   * {@value #URGENT}), so the worker's rate limiter lets it ahead of every routine poll. A cutover
   * whose quiet window held is not kept frozen behind other cutovers' polls.
   */
  DtsActivities finalReading(String summary) {
    return dts(reading(summary).setPriority(URGENT_PRIORITY));
  }

  /**
   * {@link #finalReading} taken at the same time as the freeze's proof ({@link
   * #proofBesideReading}): abandoned, not cancelled, when the run is interrupted. A reading only
   * reads, so nothing is lost; and no cancel is sent for a reading that completes while the proof
   * beside it is being cancelled, which stalls the run on the Temporal test server
   * (temporalio/sdk-java#2391).
   */
  DtsActivities finalReadingBesideProof(String summary) {
    return dts(
        reading(summary)
            .setPriority(URGENT_PRIORITY)
            .setCancellationType(ActivityCancellationType.ABANDON));
  }

  private static ActivityOptions.Builder reading(String summary) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setScheduleToCloseTimeout(Duration.ofMinutes(5))
        .setRetryOptions(DTS_RETRY)
        .setSummary(summary);
  }

  /**
   * One DescribeDtsJobDetail for the reason of a run a deadline ended while DTS was being read: ONE
   * attempt, bounded by 20 s, so that a DTS that still cannot be read delays the ending only that
   * long. Only ever called after the source was restored.
   */
  DtsActivities lastAnswer(String summary) {
    return dts(
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(20))
            .setRetryOptions(ONE_ATTEMPT)
            .setSummary(summary));
  }

  /**
   * A polling wait. The heartbeat timeout is about three polls (at least 20 s, so one slow DTS
   * answer is not taken for a dead worker); the schedule-to-close timeout is the wait's deadline,
   * so the workflow needs no timer of its own (a timer per wait would add history events, and fire
   * later for nothing).
   */
  DtsActivities await(String summary, Duration maxWait) {
    return dts(polling(summary, maxWait, DTS_RETRY));
  }

  /**
   * DeleteDtsJob: after the point of no return the run only rolls forward, so a passing error is
   * retried for up to an hour before the cutover reports a failure.
   */
  DtsActivities change(String summary) {
    return dts(
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setScheduleToCloseTimeout(Duration.ofHours(1))
            .setRetryOptions(
                DTS_RETRY.toBuilder().setMaximumInterval(Duration.ofMinutes(1)).build())
            .setPriority(URGENT_PRIORITY)
            .setSummary(summary));
  }

  /**
   * StopDtsJob: ONE attempt per activity. The runbook must know what each attempt said: a refusal
   * is before the point of no return, a lost answer crosses it, and a retry after a lost answer may
   * be refused only because the first stop took effect. So the workflow loops, not the server.
   */
  DtsActivities stop(String summary) {
    return dts(
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(1))
            .setRetryOptions(ONE_ATTEMPT)
            .setPriority(URGENT_PRIORITY)
            .setSummary(summary));
  }

  /**
   * freeze: like {@link #freeze}, but a cancelled freeze is waited for until it has really ended,
   * so the runbook can restore again after a freeze that applied after the first restore.
   */
  WriteFreezeActivities applyFreeze(String summary) {
    return Workflow.newActivityStub(
        WriteFreezeActivities.class,
        freezeOptions(summary)
            .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
            .build());
  }

  /** prepare, freeze and verify: a few attempts of up to two minutes each. */
  WriteFreezeActivities freeze(String summary) {
    return Workflow.newActivityStub(WriteFreezeActivities.class, freezeOptions(summary).build());
  }

  /** The freeze's proof beside the final reading: abandoned when interrupted, as that reading. */
  WriteFreezeActivities proofBesideReading(String summary) {
    return Workflow.newActivityStub(
        WriteFreezeActivities.class,
        freezeOptions(summary).setCancellationType(ActivityCancellationType.ABANDON).build());
  }

  private static ActivityOptions.Builder freezeOptions(String summary) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(2))
        .setRetryOptions(FREEZE_RETRY)
        .setSummary(summary);
  }

  /**
   * Restoring the source: retried until it succeeds. The worker heartbeats a running restore, so a
   * restore a dead worker held is retried on a live one after the heartbeat timeout (20 s), not
   * after the start-to-close timeout: the source is not left frozen for minutes by a crash.
   */
  WriteFreezeActivities unfreeze(String summary) {
    return Workflow.newActivityStub(
        WriteFreezeActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setHeartbeatTimeout(WriteFreezeActivities.RESTORE_HEARTBEAT_TIMEOUT)
            .setRetryOptions(UNFREEZE_RETRY)
            .setSummary(summary)
            .build());
  }

  /**
   * The marker's preflight and write: seconds of database work, so local activities (one history
   * event each, where an activity costs six), a few attempts within two minutes.
   */
  MarkerActivities markers(String summary) {
    return Workflow.newLocalActivityStub(
        MarkerActivities.class,
        LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setScheduleToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(MARKER_RETRY.toBuilder().setMaximumAttempts(3).build())
            .setSummary(summary)
            .build());
  }

  /**
   * Waiting for the marker on the destination: like {@link #await}, the schedule-to-close timeout
   * is the wait's deadline, so no workflow timer is needed.
   */
  MarkerActivities markerAwait(String summary, Duration maxWait) {
    return Workflow.newActivityStub(
        MarkerActivities.class, polling(summary, maxWait, MARKER_RETRY).build());
  }

  /** A polling wait whose deadline is its schedule-to-close timeout; see {@link #await}. */
  private ActivityOptions.Builder polling(String summary, Duration maxWait, RetryOptions retry) {
    return ActivityOptions.newBuilder()
        .setScheduleToCloseTimeout(maxWait)
        .setHeartbeatTimeout(pollingHeartbeat())
        .setRetryOptions(retry)
        .setSummary(summary);
  }

  /** About three polls, at least 20 s: one slow answer is not taken for a dead worker. */
  private Duration pollingHeartbeat() {
    Duration heartbeat = pollInterval.multipliedBy(3);
    return heartbeat.compareTo(Duration.ofSeconds(20)) < 0 ? Duration.ofSeconds(20) : heartbeat;
  }

  private static String[] markerNonRetryable() {
    List<String> types = new ArrayList<>(MarkerFailures.NON_RETRYABLE);
    types.addAll(FreezeFailures.NON_RETRYABLE);
    return types.toArray(String[]::new);
  }

  /** Notifications: best effort, see {@link NotificationStubs}. */
  NotificationActivities notifications(String summary) {
    return NotificationStubs.bestEffort(summary);
  }

  private static DtsActivities dts(ActivityOptions.Builder options) {
    return Workflow.newActivityStub(DtsActivities.class, options.build());
  }
}
