package io.dtscutover.freeze;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How writes on the source database are stopped before the final catch-up. What each strategy
 * changes and needs: docs/write-freeze.md; why: docs/design.md, "Write freeze".
 */
public enum FreezeStrategy {
  /** An operator stops the writers and confirms with {@code confirmWritesStopped}. */
  MANUAL("manual", false),
  /** The operator stopped writes before starting the cutover; nothing is done or undone. */
  NONE("none", false),
  /** {@code read_only=ON} on MySQL or MariaDB; the previous value is restored. */
  MYSQL_READ_ONLY("mysql-read-only", true),
  /** Revokes the application accounts' write privileges and ends their sessions. */
  MYSQL_REVOKE("mysql-revoke", true),
  /** {@code default_transaction_read_only} on the database; application sessions ended. */
  PG_READ_ONLY("pg-read-only", true),
  /** Revokes INSERT/UPDATE/DELETE/TRUNCATE from the application roles; sessions ended. */
  PG_REVOKE("pg-revoke", true),
  /** Tells the DTS simulator that source writes stopped (demos and tests). */
  SIM("sim", false);

  private final String cliName;
  private final boolean needsTarget;

  FreezeStrategy(String cliName, boolean needsTarget) {
    this.cliName = cliName;
    this.needsTarget = needsTarget;
  }

  /**
   * The name used on the command line, in JSON and in reports, for example {@code mysql-read-only}.
   */
  @JsonValue
  public String cliName() {
    return cliName;
  }

  /** True when the strategy acts on a database named by a freeze target. */
  public boolean needsTarget() {
    return needsTarget;
  }

  /** True when a worker activity applies and undoes the freeze (all but manual and none). */
  public boolean runsOnWorker() {
    return this != MANUAL && this != NONE;
  }

  /**
   * Parses a name in any case, the CLI name ({@code mysql-read-only}) or the constant ({@code
   * MYSQL_READ_ONLY}); the error lists the valid names.
   */
  @JsonCreator
  public static FreezeStrategy fromCliName(String name) {
    String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (FreezeStrategy strategy : values()) {
      if (strategy.cliName.equals(wanted) || strategy.name().equalsIgnoreCase(wanted)) {
        return strategy;
      }
    }
    throw new IllegalArgumentException(
        "unknown freeze strategy '" + name + "': use one of " + names());
  }

  /** The valid CLI names, comma separated. */
  public static String names() {
    return Arrays.stream(values()).map(FreezeStrategy::cliName).collect(Collectors.joining(", "));
  }
}
