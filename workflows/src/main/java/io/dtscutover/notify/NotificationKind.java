package io.dtscutover.notify;

/** What a notification is about. */
public enum NotificationKind {
  /** A gate waits for a person's decision. */
  GATE_WAITING,
  /** A manual freeze waits for the operator to confirm that writes stopped. */
  WRITES_STOP_WAITING,
  COMPLETED,
  ABORTED,
  FAILED
}
