package io.dtscutover.notify;

import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * How a workflow notifies: best effort, a few quick attempts within a minute, then given up, so a
 * broken webhook never holds a cutover or a wave up. Local activities: one marker in history
 * instead of an activity and the workflow task its completion would cost.
 */
public final class NotificationStubs {
  private NotificationStubs() {}

  /** A stub whose calls show as {@code summary} in the Web UI; call it from workflow code only. */
  public static NotificationActivities bestEffort(String summary) {
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

  /**
   * Sends {@code notification} through {@code notifications} without waiting for it: the promise
   * completes either way, and a delivery that failed is only logged to {@code log}, so a broken
   * webhook never fails the workflow. Call it from workflow code only.
   */
  public static Promise<Void> sendBestEffort(
      NotificationActivities notifications, CutoverNotification notification, Logger log) {
    return Async.procedure(notifications::notify, notification)
        .exceptionally(
            failure -> {
              log.warn(
                  "notification {} not delivered: {}", notification.kind(), failure.getMessage());
              return null;
            });
  }
}
