package io.dtscutover.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as people type them: {@code 500ms}, {@code 90s}, {@code 5m}, {@code 2h}, {@code
 * 1d}, or ISO-8601 such as {@code PT5M}. picocli prefixes the error with the flag's name.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /** Parses {@code value}, or throws a {@link TypeConversionException} that shows valid forms. */
  public static Duration parse(String value) {
    String text = value == null ? "" : value.trim();
    Matcher matcher = SHORT.matcher(text.toLowerCase(Locale.ROOT));
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
        return Duration.parse(text.toUpperCase(Locale.ROOT));
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      // fall through to the one message that shows every accepted form
    }
    throw new TypeConversionException(
        "'" + value + "' is not a duration: use 500ms, 90s, 5m, 2h, 1d or ISO-8601 like PT5M");
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
    StringBuilder text = new StringBuilder();
    long days = duration.toDays();
    if (days > 0) {
      text.append(days).append('d');
    }
    if (duration.toHoursPart() > 0) {
      text.append(duration.toHoursPart()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
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
