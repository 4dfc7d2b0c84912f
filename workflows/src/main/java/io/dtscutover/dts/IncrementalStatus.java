package io.dtscutover.dts;

import java.util.Locale;

/**
 * The state of incremental (change-data) replication, from {@code
 * DataSynchronizationStatus.Status}. {@link #CATCHED} is DTS's "not delayed".
 */
public enum IncrementalStatus {
  /** The task reported no incremental status at all. */
  ABSENT,
  NOT_STARTED,
  MIGRATING,
  CATCHED,
  SUSPENDING,
  CHECKING,
  FAILED,
  FINISHED,
  UNKNOWN;

  /** Maps a DTS value; {@code null} is {@link #ABSENT}, an unknown value {@link #UNKNOWN}. */
  public static IncrementalStatus fromDts(String raw) {
    if (raw == null || raw.isBlank()) {
      return ABSENT;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "notstarted" -> NOT_STARTED;
      case "migrating" -> MIGRATING;
      case "catched", "caught" -> CATCHED;
      case "suspending" -> SUSPENDING;
      case "checking" -> CHECKING;
      case "failed" -> FAILED;
      case "finished" -> FINISHED;
      default -> UNKNOWN;
    };
  }

  /** True when change data is flowing: the task has left full load. */
  public boolean isRunning() {
    return this == MIGRATING || this == CATCHED;
  }
}
