package io.dtscutover.workflow;

import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Notifications faked at the activity interface: records them, or fails every delivery. */
final class RecordingNotifications implements NotificationActivities {
  final List<CutoverNotification> received = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  RecordingNotifications failing() {
    failing = true;
    return this;
  }

  @Override
  public void notify(CutoverNotification notification) {
    received.add(notification);
    if (failing) {
      throw ApplicationFailure.newFailure("webhook answered 500", "WebhookFailed");
    }
  }
}
