package io.dtscutover.freeze;

import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The application roles' sessions in the target's database, and ending them (pg_terminate_backend
 * needs a superuser or membership in pg_signal_backend).
 */
final class PgSessions {
  /** How long ended sessions may take to go away before the freeze is declared not held. */
  static final Duration SESSION_END_TIMEOUT = Duration.ofSeconds(30);

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
        statement.setArray(1, PgSql.textArray(connection, roles));
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

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for sessions to end", e);
    }
  }
}
