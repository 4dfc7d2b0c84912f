package io.dtscutover.workflow;

import io.dtscutover.dts.DtsActivities;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.dtscutover.notify.NotificationActivities;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.Priority;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

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
    return dts(
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setScheduleToCloseTimeout(Duration.ofMinutes(5))
            .setRetryOptions(DTS_RETRY)
            .setSummary(summary));
  }

  /**
   * The reading right before StopDtsJob: like {@link #describe}, and marked urgent (priority key
   * {@value #URGENT}), so the worker's rate limiter lets it ahead of every routine poll. A cutover
   * whose quiet window held is not kept frozen behind other cutovers' polls.
   */
  DtsActivities finalReading(String summary) {
    return dts(
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setScheduleToCloseTimeout(Duration.ofMinutes(5))
            .setRetryOptions(DTS_RETRY)
            .setPriority(URGENT_PRIORITY)
            .setSummary(summary));
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
    Duration heartbeat = pollInterval.multipliedBy(3);
    if (heartbeat.compareTo(Duration.ofSeconds(20)) < 0) {
      heartbeat = Duration.ofSeconds(20);
    }
    return dts(
        ActivityOptions.newBuilder()
            .setScheduleToCloseTimeout(maxWait)
            .setHeartbeatTimeout(heartbeat)
            .setRetryOptions(DTS_RETRY)
            .setSummary(summary));
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
   * Notifications are best effort: a few quick attempts within a minute, then given up, so a broken
   * webhook never holds a cutover up. They run as local activities: one marker in history instead
   * of an activity and the workflow task its completion would cost.
   */
  NotificationActivities notifications(String summary) {
    return Workflow.newLocalActivityStub(
        NotificationActivities.class,
        LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setScheduleToCloseTimeout(Duration.ofMinutes(1))
            .setRetryOptions(
                RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofSeconds(2))
                    .setMaximumAttempts(3)
                    .build())
            .setSummary(summary)
            .build());
  }

  private static DtsActivities dts(ActivityOptions.Builder options) {
    return Workflow.newActivityStub(DtsActivities.class, options.build());
  }
}
