package io.dtscutover.worker.freeze;

import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The application roles' sessions in the target's database, and ending them (pg_terminate_backend
 * needs a superuser or membership in pg_signal_backend).
 */
final class PgSessions {
  private PgSessions() {}

  /** Pids of the sessions of {@code roles} in the current database, except this one. */
  static List<Integer> sessions(Connection connection, List<String> roles) throws SQLException {
    List<Integer> pids = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                + " AND usename = ANY (?) AND pid <> pg_backend_pid() ORDER BY pid")) {
      statement.setArray(1, PgSql.textArray(connection, roles));
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
   *     SessionEnding#TIMEOUT}
   */
  static int endSessions(Connection connection, List<String> roles, String targetName)
      throws SQLException {
    return SessionEnding.endAll(
        () -> sessions(connection, roles),
        pids -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                      + " WHERE datname = current_database() AND usename = ANY (?)"
                      + " AND pid <> pg_backend_pid()")) {
            statement.setArray(1, PgSql.textArray(connection, roles));
            statement.executeQuery().close();
          }
        },
        roles,
        targetName,
        "pg_terminate_backend");
  }
}
