package io.dtscutover.cli;

import io.dtscutover.workflow.Quoted;
import io.dtscutover.workflow.WireDuration;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as people type them: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 2h}, {@code
 * 1d}, or ISO-8601 such as {@code PT5M}, exactly as the request's JSON does, up to {@link
 * WireDuration#MAX}. picocli prefixes the error with the flag's name.
 */
public final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /**
   * Parses {@code value} as the contract does ({@link WireDuration}), or throws a {@link
   * TypeConversionException} that shows valid forms.
   */
  public static Duration parse(String value) {
    Duration duration;
    try {
      duration = WireDuration.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
    if (duration.compareTo(WireDuration.MAX) > 0) {
      throw new TypeConversionException(
          Quoted.of(value)
              + " is longer than "
              + WireDuration.MAX.toDays()
              + " days, the longest any setting accepts");
    }
    return duration;
  }

  /** The short form of {@code duration} for output, for example {@code 2m30s} or {@code 500ms}. */
  public static String format(Duration duration) {
    if (duration == null) {
      return "-";
    }
    if (duration.isNegative()) {
      return "-" + format(duration.negated());
    }
    if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
      return duration.toMillis() + "ms";
    }
    StringBuilder text = DurationText.daysHoursMinutes(duration);
    long days = duration.toDays();
    if (duration.toSecondsPart() > 0 || text.length() == 0) {
      text.append(duration.toSecondsPart());
      if (duration.toMillisPart() > 0 && days == 0 && duration.toHours() == 0) {
        text.append('.')
            .append(String.format("%03d", duration.toMillisPart()).replaceAll("0+$", ""));
      }
      text.append('s');
    }
    return text.toString();
  }
}
