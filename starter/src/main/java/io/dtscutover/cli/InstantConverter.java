package io.dtscutover.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads ISO-8601 instants such as {@code 2026-03-01T02:00:00Z} or {@code
 * 2026-03-01T10:00:00+08:00}. A time without an offset is refused: at 3 a.m. nobody should have to
 * guess which zone a maintenance window is in.
 */
public final class InstantConverter implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    String text = value == null ? "" : value.trim();
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notUtc) {
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "'"
                + value
                + "' is not an ISO-8601 instant: use 2026-03-01T02:00:00Z or"
                + " 2026-03-01T10:00:00+08:00");
      }
    }
  }
}
