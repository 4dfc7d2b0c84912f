package io.dtscutover.notify;

import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

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
}
