package io.dtscutover.cli.request;

import io.dtscutover.approval.Gate;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a comma list of gates ({@code freeze,stop,delete}) or {@code none}. */
public final class GateListConverter implements ITypeConverter<Set<Gate>> {
  @Override
  public Set<Gate> convert(String value) {
    try {
      return Gate.parseList(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage() + ", comma separated, or none");
    }
  }
}
