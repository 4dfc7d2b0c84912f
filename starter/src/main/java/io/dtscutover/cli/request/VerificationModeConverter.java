package io.dtscutover.cli.request;

import io.dtscutover.dts.VerificationMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a DTS data verification mode by its CLI name: {@code incremental}, {@code full}, both. */
public final class VerificationModeConverter implements ITypeConverter<VerificationMode> {
  @Override
  public VerificationMode convert(String value) {
    try {
      return VerificationMode.fromCliName(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
