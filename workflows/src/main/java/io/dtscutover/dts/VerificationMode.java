package io.dtscutover.dts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which DTS data verification ({@code DescribeDataCheckTableDetails}) must pass before the stop
 * gate: the full check (DTS {@code CheckType} 1), the incremental check ({@code CheckType} 2), or
 * both. {@link #FULL} and {@link #INCREMENTAL} also name a single check in a {@link
 * VerificationState}.
 */
public enum VerificationMode {
  /** The incremental data check: rows changed by replication, compared as they arrive. */
  INCREMENTAL("incremental", 2),
  /** The full data check: every row of every table compared once the full load is done. */
  FULL("full", 1),
  /** Both checks. */
  BOTH("both", 0);

  private final String cliName;
  private final int checkType;

  VerificationMode(String cliName, int checkType) {
    this.cliName = cliName;
    this.checkType = checkType;
  }

  /** The name on the command line, in JSON and in reports: {@code incremental}, {@code full}. */
  @JsonValue
  public String cliName() {
    return cliName;
  }

  /** DTS's {@code CheckType} of a single check; {@link #BOTH} has none. */
  public int checkType() {
    if (this == BOTH) {
      throw new IllegalStateException("both is two checks: use checks()");
    }
    return checkType;
  }

  /** The single checks this mode reads, full first. */
  public List<VerificationMode> checks() {
    return this == BOTH ? List.of(FULL, INCREMENTAL) : List.of(this);
  }

  /** Parses a CLI name or constant in any case; the error lists the valid names. */
  @JsonCreator
  public static VerificationMode fromCliName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (VerificationMode mode : values()) {
      if (mode.cliName.equals(wanted) || mode.name().equalsIgnoreCase(wanted)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "unknown verification '" + name + "': use one of " + names());
  }

  /** The valid CLI names, comma separated. */
  public static String names() {
    return Arrays.stream(values()).map(VerificationMode::cliName).collect(Collectors.joining(", "));
  }
}
