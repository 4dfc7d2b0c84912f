package io.dtscutover.approval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** A point in the runbook where a person (or an auto-approval policy) says go. */
public enum Gate {
  /** Before writes on the source are stopped: the start of downtime. */
  FREEZE("freeze"),
  /** Before {@code StopDtsJob}: the point of no return. */
  STOP("stop"),
  /** Before {@code DeleteDtsJob}: releasing the task, irreversibly. */
  DELETE("delete");

  private final String cliName;

  Gate(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line, in JSON, in search attributes and in reports. */
  @JsonValue
  public String cliName() {
    return cliName;
  }

  /**
   * Parses a name in any case, the CLI name ({@code freeze}) or the constant ({@code FREEZE}); the
   * error lists the valid names.
   */
  @JsonCreator
  public static Gate fromCliName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (Gate gate : values()) {
      if (gate.cliName.equals(wanted) || gate.name().equalsIgnoreCase(wanted)) {
        return gate;
      }
    }
    throw new IllegalArgumentException("unknown gate '" + name + "': use one of " + names());
  }

  /** Parses a comma list such as {@code freeze,stop}; {@code none} or empty is the empty set. */
  public static Set<Gate> parseList(String list) {
    Set<Gate> gates = EnumSet.noneOf(Gate.class);
    if (list == null || list.isBlank() || list.trim().equalsIgnoreCase("none")) {
      return gates;
    }
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        gates.add(fromCliName(part));
      }
    }
    return gates;
  }

  /** The valid CLI names, comma separated. */
  public static String names() {
    return Arrays.stream(values()).map(Gate::cliName).collect(Collectors.joining(", "));
  }
}
