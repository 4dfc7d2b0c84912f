package io.dtscutover.cli.request;

import io.dtscutover.freeze.FreezeStrategy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a write-freeze strategy by its CLI name, for example {@code mysql-read-only}. */
public final class FreezeStrategyConverter implements ITypeConverter<FreezeStrategy> {
  @Override
  public FreezeStrategy convert(String value) {
    try {
      return FreezeStrategy.fromCliName(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
