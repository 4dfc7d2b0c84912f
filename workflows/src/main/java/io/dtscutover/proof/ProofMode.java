package io.dtscutover.proof;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What evidence of catch-up the cutover asks for, on top of DTS's lag metric, before the stop.
 * {@link #NONE} keeps the cutover as it always was, so a request without the field (and every
 * history written before it existed) behaves the same.
 */
public enum ProofMode {
  /** DTS's {@code Delay} (and {@code Catched}) alone. */
  NONE("none"),
  /**
   * A marker row written on the frozen source must be seen on the destination before the quiet
   * window starts: proof that DTS really carries the writes made before the freeze.
   */
  MARKER("marker");

  private final String cliName;

  ProofMode(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line, in JSON and in reports. */
  @JsonValue
  public String cliName() {
    return cliName;
  }

  /** Parses a name in any case; the error lists the valid names. */
  @JsonCreator
  public static ProofMode fromCliName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (ProofMode mode : values()) {
      if (mode.cliName.equals(wanted) || mode.name().equalsIgnoreCase(wanted)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown proof '" + name + "': use one of " + names());
  }

  /** The valid names, comma separated. */
  public static String names() {
    return Arrays.stream(values()).map(ProofMode::cliName).collect(Collectors.joining(", "));
  }
}
