package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A MySQL/MariaDB server's global variables and write counters.
 *
 * <p>The write counters count rows actually changed, server-wide: InnoDB's {@code
 * Innodb_rows_inserted/_updated/_deleted} where the server has them (MySQL), otherwise {@code
 * Handler_write/_update/_delete} on MariaDB (which dropped the InnoDB row counters in 11.x and
 * counts its internal temporary tables apart, in {@code Handler_tmp_*}, so the freeze's own
 * information_schema queries do not move them). {@code Com_insert} and friends are not used: they
 * count statements attempted, including the ones the freeze refuses, so an application retrying its
 * writes against a frozen source would look like a breach. The freeze's own GRANT and REVOKE
 * statements change privilege tables, so the baseline is read after them.
 */
final class MySqlStatus {
  static final List<String> INNODB_COUNTERS =
      List.of("Innodb_rows_inserted", "Innodb_rows_updated", "Innodb_rows_deleted");

  static final List<String> HANDLER_COUNTERS =
      List.of("Handler_delete", "Handler_update", "Handler_write");

  private MySqlStatus() {}

  /**
   * The proof of {@code freeze}: {@code checks}, then the probe's refused write (or {@code
   * withoutProbe} when no probe account is configured), and the row write counters to compare
   * against later.
   */
  static FreezeProof frozen(
      Connection connection, FreezeTarget target, List<String> checks, String withoutProbe)
      throws SQLException {
    List<String> proof = new ArrayList<>(checks);
    proof.add(target.probed(() -> MySqlProbe.probe(target), withoutProbe));
    return new FreezeProof(Instant.now(), writeCounters(connection), proof);
  }

  /**
   * The proof of {@code verify}: {@code check} (the freeze's state, read again) and the row write
   * counters unchanged since {@code baseline}.
   */
  static FreezeProof verified(
      Connection connection, FreezeTarget target, String check, FreezeProof baseline)
      throws SQLException {
    return WriteCounters.verified(
        check,
        baseline,
        writeCounters(connection),
        target.name(),
        "row write counters unchanged since freeze");
  }

  /** The server's row write counters, see the class comment. */
  static Map<String, Long> writeCounters(Connection connection) throws SQLException {
    Map<String, Long> status = new TreeMap<>();
    List<String> names = new ArrayList<>(INNODB_COUNTERS);
    names.addAll(HANDLER_COUNTERS);
    names.add("Handler_tmp_write");
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SHOW GLOBAL STATUS WHERE Variable_name IN " + MySqlSql.inList(names))) {
      while (rows.next()) {
        status.put(rows.getString(1), Long.parseLong(rows.getString(2)));
      }
    }
    List<String> chosen;
    if (status.keySet().containsAll(INNODB_COUNTERS)) {
      chosen = INNODB_COUNTERS;
    } else if (status.keySet().containsAll(HANDLER_COUNTERS)
        && status.containsKey("Handler_tmp_write")) {
      chosen = HANDLER_COUNTERS;
    } else {
      throw ApplicationFailure.newNonRetryableFailure(
          "the server reports neither "
              + INNODB_COUNTERS
              + " nor MariaDB's Handler_tmp_* split of the handler counters, so writes while"
              + " frozen could not be detected",
          FreezeFailures.UNSUPPORTED);
    }
    Map<String, Long> counters = new TreeMap<>();
    chosen.forEach(name -> counters.put(name, status.get(name)));
    return counters;
  }

  /** Global variables by name, in the order asked; absent ones are left out. */
  static Map<String, String> globalVariables(Connection connection, List<String> names)
      throws SQLException {
    Map<String, String> found = new TreeMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SHOW GLOBAL VARIABLES WHERE Variable_name IN " + MySqlSql.inList(names))) {
      while (rows.next()) {
        found.put(rows.getString(1).toLowerCase(Locale.ROOT), rows.getString(2));
      }
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    names.stream().filter(found::containsKey).forEach(name -> ordered.put(name, found.get(name)));
    return ordered;
  }
}
