package io.dtscutover.worker;

import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationActivities;

/**
 * Notifications when none are configured: accepted and dropped. Registered so that a cutover's
 * best-effort notifications complete at once instead of waiting for an activity no worker serves.
 */
public final class NoNotifications implements NotificationActivities {
  @Override
  public void notify(CutoverNotification notification) {
    // Nothing configured to tell: the status query and the Web UI still show everything.
  }
}
