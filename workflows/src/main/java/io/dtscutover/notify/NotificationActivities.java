package io.dtscutover.notify;

import io.temporal.activity.ActivityInterface;

/**
 * Tells people what a cutover needs or did (for example a webhook post). Best effort by contract:
 * the workflow never waits on a notification to go on, and a failed one never fails a cutover. An
 * implementation with nothing configured does nothing.
 */
@ActivityInterface
public interface NotificationActivities {

  /** Delivers one notification; throws to have Temporal retry it a few times. */
  void notify(CutoverNotification notification);
}
