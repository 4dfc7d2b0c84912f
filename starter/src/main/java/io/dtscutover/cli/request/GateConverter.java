package io.dtscutover.cli.request;

import io.dtscutover.approval.Gate;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads one gate name: {@code freeze}, {@code stop} or {@code delete}. */
public final class GateConverter implements ITypeConverter<Gate> {
  @Override
  public Gate convert(String value) {
    try {
      return Gate.fromCliName(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
