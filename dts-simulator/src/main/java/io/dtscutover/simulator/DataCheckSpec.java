package io.dtscutover.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One table's result of a DTS data check, as {@code DescribeDataCheckTableDetails} reports it. A
 * task whose {@link JobSpec#dataChecks()} hold no entry for a check type has that check not
 * configured: the simulator answers it with no tables.
 *
 * <pre>{@code
 * "dataChecks": [
 *   {"check": "incremental", "database": "shop", "table": "orders", "runningMillis": 5000},
 *   {"check": "full", "database": "shop", "table": "items", "diffCount": 3}
 * ]
 * }</pre>
 *
 * @param check {@code full} ({@code CheckType} 1) or {@code incremental} ({@code CheckType} 2)
 * @param database the source database name
 * @param table the source table name
 * @param status the table's raw {@code Status} once it no longer runs: {@code 0} done (default),
 *     {@code 5} failed, {@code 6} inconsistent, or any value a real DTS might send
 * @param diffCount the rows that differ ({@code DiffCount}, default 0), reported from the start
 * @param runningMillis how long from the start of the simulation the table reads {@code 3}
 *     (running) before it reads {@code status} (default 0)
 */
public record DataCheckSpec(
    String check,
    String database,
    String table,
    String status,
    Long diffCount,
    Long runningMillis) {

  private static final Set<String> CHECKS = Set.of("full", "incremental");

  /** A table whose {@code check} is done with {@code diffCount} differences. */
  public static DataCheckSpec done(String check, String database, String table, long diffCount) {
    return new DataCheckSpec(check, database, table, "0", diffCount, 0L);
  }

  /**
   * A table whose {@code check} runs for {@code runningMillis}, then is done without differences.
   */
  public static DataCheckSpec runningFor(
      String check, String database, String table, long runningMillis) {
    return new DataCheckSpec(check, database, table, "0", 0L, runningMillis);
  }

  /** DTS's {@code CheckType}: 1 full, 2 incremental. */
  int checkType() {
    return "full".equals(check) ? 1 : 2;
  }

  /** The raw status {@code elapsedMillis} after the start of the simulation. */
  String statusAfter(long elapsedMillis) {
    long running = runningMillis == null ? 0 : runningMillis;
    if (elapsedMillis < running) {
      return "3";
    }
    return status == null ? "0" : status;
  }

  long diffs() {
    return diffCount == null ? 0 : diffCount;
  }

  /** What is wrong with this entry, each naming the field; empty when it is valid. */
  List<String> problems(String where) {
    List<String> problems = new ArrayList<>();
    if (check == null || !CHECKS.contains(check)) {
      problems.add(where + ".check must be full or incremental (got " + check + ")");
    }
    if (table == null || table.isBlank()) {
      problems.add(where + ".table is required");
    }
    if (diffCount != null && diffCount < 0) {
      problems.add(where + ".diffCount must be zero or more (got " + diffCount + ")");
    }
    if (runningMillis != null && runningMillis < 0) {
      problems.add(where + ".runningMillis must be zero or more (got " + runningMillis + ")");
    }
    return problems;
  }
}
