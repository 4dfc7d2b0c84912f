package io.dtscutover.cli.request;

import io.dtscutover.proof.ProofMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a proof of catch-up by its CLI name: {@code none} or {@code marker}. */
public final class ProofModeConverter implements ITypeConverter<ProofMode> {
  @Override
  public ProofMode convert(String value) {
    try {
      return ProofMode.fromCliName(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
