package io.dtscutover.dts;

import java.util.Locale;

/**
 * The state of the full load (full data migration), from {@code DataInitializationStatus.Status} of
 * a {@code DescribeDtsJobs} item. {@code DescribeDtsJobDetail} does not document it, so a reading
 * that did not ask for it carries {@link #ABSENT}, which never counts as finished.
 */
public enum FullLoadStatus {
  /** The reading did not include the full-load status. */
  ABSENT,
  NOT_STARTED,
  MIGRATING,
  FAILED,
  FINISHED,
  UNKNOWN;

  /** Maps a DTS value; {@code null} is {@link #ABSENT}, an unknown value {@link #UNKNOWN}. */
  public static FullLoadStatus fromDts(String raw) {
    if (raw == null || raw.isBlank()) {
      return ABSENT;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "notstarted" -> NOT_STARTED;
      case "migrating" -> MIGRATING;
      case "failed" -> FAILED;
      case "finished", "completed" -> FINISHED;
      default -> UNKNOWN;
    };
  }
}
