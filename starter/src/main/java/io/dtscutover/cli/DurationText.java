package io.dtscutover.cli;

import java.time.Duration;

/** Durations as people write them on the command line: {@code 90s} reads {@code 1m30s}. */
public final class DurationText {
  private DurationText() {}

  public static String of(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long days = duration.toDaysPart();
    if (days > 0) {
      text.append(days).append('d');
    }
    if (duration.toHoursPart() > 0) {
      text.append(duration.toHoursPart()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    if (duration.toSecondsPart() > 0) {
      text.append(duration.toSecondsPart()).append('s');
    }
    if (duration.toMillisPart() > 0) {
      text.append(duration.toMillisPart()).append("ms");
    }
    return text.toString();
  }
}
