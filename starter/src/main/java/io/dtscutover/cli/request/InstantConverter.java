package io.dtscutover.cli.request;

import io.dtscutover.workflow.WireTime;
import java.time.Instant;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads ISO-8601 instants such as {@code 2026-03-01T02:00:00Z} or {@code
 * 2026-03-01T10:00:00+08:00}, exactly as the request's JSON does ({@link WireTime}).
 */
public final class InstantConverter implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    try {
      return WireTime.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
