package io.dtscutover.cli;

import java.time.Duration;

/** Durations as people write them on the command line: {@code 90s} reads {@code 1m30s}. */
public final class DurationText {
  private DurationText() {}

  /**
   * {@code duration} in the form the command line reads, for example {@code 1m30s} or {@code
   * 2s500ms}.
   */
  public static String of(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = daysHoursMinutes(duration);
    if (duration.toSecondsPart() > 0) {
      text.append(duration.toSecondsPart()).append('s');
    }
    if (duration.toMillisPart() > 0) {
      text.append(duration.toMillisPart()).append("ms");
    }
    return text.toString();
  }

  /** The days, hours and minutes of a non-negative {@code duration}, as {@code 1d2h3m}. */
  static StringBuilder daysHoursMinutes(Duration duration) {
    StringBuilder text = new StringBuilder();
    if (duration.toDays() > 0) {
      text.append(duration.toDays()).append('d');
    }
    if (duration.toHoursPart() > 0) {
      text.append(duration.toHoursPart()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    return text;
  }
}
