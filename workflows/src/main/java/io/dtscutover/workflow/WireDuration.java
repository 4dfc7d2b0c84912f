package io.dtscutover.workflow;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one spelling of a duration on the wire: read as {@code 500ms}, {@code 10s}, {@code 5m},
 * {@code 2h}, {@code 1d} or ISO-8601 ({@code PT5M}) by {@link #parse}; always written as ISO-8601
 * by {@link Writer}. The request, the status, the report and the CLI all use it, so a value read
 * from one can be sent to another.
 */
public final class WireDuration {
  /** The accepted forms, for error messages. */
  public static final String FORMS = "500ms, 10s, 5m, 2h, 1d or ISO-8601 like PT5M";

  /**
   * The longest duration any setting of a cutover may have (a year): longer ones are refused when
   * the request or a flag is validated, never left to overflow a timer or a time stamp.
   */
  public static final Duration MAX = Duration.ofDays(365);

  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private WireDuration() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    Matcher matcher = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
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
      if (trimmed.toUpperCase(Locale.ROOT).startsWith("P")) {
        return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      // fall through to the one message that shows every accepted form
    }
    throw new IllegalArgumentException(Quoted.of(text) + " is not a duration: use " + FORMS);
  }

  /** Writes a duration as ISO-8601 text. */
  public static final class Writer extends StdSerializer<Duration> {
    private static final long serialVersionUID = 1L;

    public Writer() {
      super(Duration.class);
    }

    @Override
    public void serialize(Duration value, JsonGenerator json, SerializerProvider provider)
        throws IOException {
      json.writeString(value.toString());
    }
  }
}
