package io.dtscutover.workflow;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The one spelling of a time on the wire: an ISO-8601 instant, read in UTC ({@code
 * 2026-03-01T02:00:00Z}) or with an offset ({@code 2026-03-01T10:00:00+08:00}), written in UTC. A
 * time without an offset is refused: at 3 a.m. nobody should have to guess which zone a maintenance
 * window is in.
 */
public final class WireTime {
  /** The accepted forms, for error messages. */
  public static final String FORMS = "2026-03-01T02:00:00Z or 2026-03-01T10:00:00+08:00";

  private WireTime() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static Instant parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    try {
      return Instant.parse(trimmed);
    } catch (DateTimeParseException notUtc) {
      try {
        return OffsetDateTime.parse(trimmed).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "'" + text + "' is not an ISO-8601 instant: use " + FORMS);
      }
    }
  }
}
