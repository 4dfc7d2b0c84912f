package io.dtscutover.freeze;

import io.temporal.failure.ApplicationFailure;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the PostgreSQL strategies share: roles, sessions, the write probe and the write counters.
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
final class PgSource {
  static final List<String> COUNTERS = List.of("n_tup_ins", "n_tup_upd", "n_tup_del");

  /** How long ended sessions may take to go away before the freeze is declared not held. */
  static final Duration SESSION_END_TIMEOUT = Duration.ofSeconds(30);

  private PgSource() {}

  /** Bounded lock and statement waits, and read-write, for the freeze account's session. */
  static void configure(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET lock_timeout = '30s'");
      // The freeze account must be able to write the catalog while the database is read-only.
      statement.execute("SET default_transaction_read_only = off");
      statement.execute("SET statement_timeout = '60s'");
    }
  }

  static String currentDatabase(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT current_database()")) {
      rows.next();
      return rows.getString(1);
    }
  }

  /**
   * Checks that every configured application role exists and is neither a superuser nor able to
   * bypass the freeze.
   */
  static void requireRoles(Connection connection, FreezeTarget target) throws SQLException {
    if (target.appAccounts().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "freeze target '"
              + target.name()
              + "' needs its application roles, whose sessions the freeze ends: set "
              + target.variable(FreezeTargets.APP_ACCOUNTS)
              + " (comma-separated role names)",
          FreezeFailures.CONFIGURATION);
    }
    Map<String, Boolean> found = new TreeMap<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT rolname, rolsuper FROM pg_roles WHERE rolname = ANY (?)")) {
      statement.setArray(1, textArray(connection, target.appAccounts()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.put(rows.getString(1), rows.getBoolean(2));
        }
      }
    }
    for (String role : target.appAccounts()) {
      if (!found.containsKey(role)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "application role '"
                + role
                + "' does not exist on freeze target '"
                + target.name()
                + "': fix "
                + target.variable(FreezeTargets.APP_ACCOUNTS),
            FreezeFailures.CONFIGURATION);
      }
      if (found.get(role)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "application role '"
                + role
                + "' on freeze target '"
                + target.name()
                + "' is a superuser, which no freeze can stop: run the application as an"
                + " ordinary role",
            FreezeFailures.UNSUPPORTED);
      }
    }
  }

  /** Pids of the sessions of {@code roles} in the current database, except this one. */
  static List<Integer> sessions(Connection connection, List<String> roles) throws SQLException {
    List<Integer> pids = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                + " AND usename = ANY (?) AND pid <> pg_backend_pid() ORDER BY pid")) {
      statement.setArray(1, textArray(connection, roles));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          pids.add(rows.getInt(1));
        }
      }
    }
    return pids;
  }

  /**
   * Terminates every session of {@code roles} in the current database and waits until they are
   * gone.
   *
   * @return how many sessions were ended
   * @throws ApplicationFailure {@link FreezeFailures#NOT_HELD} when sessions remain after {@link
   *     #SESSION_END_TIMEOUT}
   */
  static int endSessions(Connection connection, List<String> roles, String targetName)
      throws SQLException {
    List<Integer> ended = sessions(connection, roles);
    Instant deadline = Instant.now().plus(SESSION_END_TIMEOUT);
    List<Integer> remaining = ended;
    while (!remaining.isEmpty()) {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                  + " WHERE datname = current_database() AND usename = ANY (?)"
                  + " AND pid <> pg_backend_pid()")) {
        statement.setArray(1, textArray(connection, roles));
        statement.executeQuery().close();
      }
      remaining = sessions(connection, roles);
      if (!remaining.isEmpty() && Instant.now().isAfter(deadline)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "application sessions "
                + remaining
                + " of "
                + roles
                + " on freeze target '"
                + targetName
                + "' did not end within "
                + SESSION_END_TIMEOUT.toSeconds()
                + "s of pg_terminate_backend",
            FreezeFailures.NOT_HELD);
      }
      pause();
    }
    return ended.size();
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
                + " AND (cardinality(?::text[]) = 0 OR schemaname = ANY (?))")) {
      Array array = textArray(connection, schemas);
      statement.setArray(1, array);
      statement.setArray(2, array);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        for (int i = 0; i < COUNTERS.size(); i++) {
          counters.put(COUNTERS.get(i), rows.getLong(i + 1));
        }
      }
    }
    return counters;
  }

  /**
   * Proves the freeze by a write as the probe role: a {@code DELETE ... WHERE false} (which changes
   * nothing even if it runs, and is rolled back) on the first table it can see, in {@code schemas}
   * when not empty.
   *
   * @return what was checked, for the proof
   * @throws ApplicationFailure {@link FreezeFailures#NOT_HELD} when the write is accepted
   */
  static String probe(FreezeTarget target, List<String> schemas) {
    String who = "application role '" + target.probeUser() + "'";
    try (Connection connection = TargetConnections.probe(target, "proving the freeze")) {
      String table = null;
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT table_schema, table_name FROM information_schema.tables"
                  + " WHERE table_type = 'BASE TABLE'"
                  + " AND table_schema NOT IN ('pg_catalog', 'information_schema')"
                  + " AND table_schema NOT LIKE 'pg\\_temp\\_%'"
                  + " AND (cardinality(?::text[]) = 0 OR table_schema = ANY (?))"
                  + " ORDER BY table_schema, table_name LIMIT 1")) {
        Array array = textArray(connection, schemas);
        statement.setArray(1, array);
        statement.setArray(2, array);
        try (ResultSet rows = statement.executeQuery()) {
          if (rows.next()) {
            table = identifier(rows.getString(1)) + "." + identifier(rows.getString(2));
          }
        }
      }
      if (table == null) {
        return who + " sees no table, so no write could be attempted";
      }
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("DELETE FROM " + table + " WHERE false");
      } catch (SQLException refused) {
        // 25006: read-only transaction; 42501: insufficient privilege.
        String state = refused.getSQLState();
        if ("25006".equals(state) || "42501".equals(state)) {
          return "a write as " + who + " to " + table + " was refused (SQLState " + state + ")";
        }
        throw refused;
      } finally {
        connection.rollback();
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "the freeze on target '"
              + target.name()
              + "' does not hold: a write as "
              + who
              + " to "
              + table
              + " was accepted",
          FreezeFailures.NOT_HELD);
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.probeUser(), "proving the freeze");
    }
  }

  /**
   * The current database, after checking it is the one the receipt was prepared on: a target
   * re-pointed between freeze and unfreeze must not restore the wrong database.
   */
  static String requireSameDatabase(
      Connection connection, FreezeReceipt receipt, FreezeTarget target) throws SQLException {
    String database = currentDatabase(connection);
    String recorded = receipt.previousSettings().get("database");
    if (!database.equals(recorded)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "freeze target '"
              + target.name()
              + "' now points at database "
              + database
              + " but the freeze was prepared on "
              + recorded
              + ": point "
              + target.variable(FreezeTargets.JDBC_URL)
              + " back at "
              + recorded,
          FreezeFailures.CONFIGURATION);
    }
    return database;
  }

  /** A quoted identifier: {@code "name"}. */
  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static Array textArray(Connection connection, List<String> values) throws SQLException {
    return connection.createArrayOf("text", values.toArray());
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for sessions to end", e);
    }
  }
}
