package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeProof;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The write counters of a PostgreSQL database.
 *
 * <p>The write counters are the tuple counters of the user tables in the target's database ({@code
 * pg_stat_user_tables} n_tup_ins/upd/del summed, temporary tables left out), optionally limited to
 * the migrated schemas. {@code pg_stat_database}'s counters are not used because they also count
 * catalog rows, which the freeze's own GRANT/REVOKE and autovacuum's ANALYZE change while nothing
 * writes application data.
 *
 * <p>PostgreSQL publishes a session's counts when the session goes idle or ends, at most once a
 * second and otherwise within about ten seconds, so a write shows up in the counters seconds after
 * it happened: a write in the last seconds before the final verify can go unseen. The quiet window
 * (minutes by default) leaves the earlier ones no place to hide.
 */
final class PgCounters {
  static final List<String> COUNTERS = List.of("n_tup_ins", "n_tup_upd", "n_tup_del");

  private PgCounters() {}

  /**
   * The proof of {@code freeze}: {@code checks}, then the probe's refused write (in {@code schemas}
   * when not empty; or {@code withoutProbe} when no probe role is configured), and the tuple
   * counters to compare against later.
   */
  static FreezeProof frozen(
      Connection connection,
      FreezeTarget target,
      List<String> schemas,
      List<String> checks,
      String withoutProbe)
      throws SQLException {
    List<String> proof = new ArrayList<>(checks);
    proof.add(target.probed(() -> PgProbe.probe(target, schemas), withoutProbe));
    return new FreezeProof(Instant.now(), writeCounters(connection, schemas), proof);
  }

  /**
   * The proof of {@code verify}: {@code check} (the freeze's state, read again) and the tuple
   * counters of the user tables (in {@code schemas} when not empty) unchanged since {@code
   * baseline}.
   */
  static FreezeProof verified(
      Connection connection,
      FreezeTarget target,
      List<String> schemas,
      String check,
      FreezeProof baseline)
      throws SQLException {
    return WriteCounters.verified(
        check,
        baseline,
        writeCounters(connection, schemas),
        target.name(),
        "user-table tuple counters unchanged");
  }

  /**
   * The tuple counters of the user tables, in {@code schemas} when not empty; see the class
   * comment.
   */
  static Map<String, Long> writeCounters(Connection connection, List<String> schemas)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      try {
        // A backend reports its counts when idle, at most once a second: make ours go now.
        statement.execute("SELECT pg_stat_force_next_flush()");
      } catch (SQLException e) {
        if (!"42883".equals(e.getSQLState())) { // 42883: before PostgreSQL 15, no such function
          throw e;
        }
      }
      statement.execute("SELECT pg_stat_clear_snapshot()");
    }
    Map<String, Long> counters = new TreeMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT coalesce(sum(n_tup_ins), 0), coalesce(sum(n_tup_upd), 0),"
                + " coalesce(sum(n_tup_del), 0) FROM pg_stat_user_tables"
                + " WHERE schemaname NOT LIKE 'pg\\_temp\\_%'"
                + PgSql.inSchemas("schemaname"))) {
      PgSql.bindSchemas(statement, connection, schemas);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        for (int i = 0; i < COUNTERS.size(); i++) {
          counters.put(COUNTERS.get(i), rows.getLong(i + 1));
        }
      }
    }
    return counters;
  }
}
