package io.dtscutover.worker.freeze;

import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The application accounts' sessions on a MySQL/MariaDB server, and ending them (KILL CONNECTION
 * needs CONNECTION ADMIN or SUPER).
 */
final class MySqlSessions {
  private MySqlSessions() {}

  /** The ids of the sessions of {@code users}, except this connection's own. */
  static List<Long> sessions(Connection connection, List<String> users) throws SQLException {
    if (users.isEmpty()) {
      return List.of();
    }
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE USER IN "
                + MySqlSql.placeholders(users.size())
                + " AND ID <> CONNECTION_ID() ORDER BY ID")) {
      for (int i = 0; i < users.size(); i++) {
        statement.setString(i + 1, users.get(i));
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    return ids;
  }

  /**
   * Ends every session of {@code users} and waits until they are gone, so that no transaction
   * opened before the freeze can still commit and no session keeps privileges cached at login.
   *
   * @return how many sessions were ended
   * @throws ApplicationFailure {@link FreezeFailures#NOT_HELD} when sessions remain after {@link
   *     SessionEnding#TIMEOUT}
   */
  static int endSessions(Connection connection, List<String> users, String targetName)
      throws SQLException {
    return SessionEnding.endAll(
        () -> sessions(connection, users),
        ids -> {
          for (long id : ids) {
            try (Statement statement = connection.createStatement()) {
              statement.execute("KILL CONNECTION " + id);
            } catch (SQLException e) {
              if (e.getErrorCode() != 1094) { // 1094: unknown thread id, the session already ended
                throw e;
              }
            }
          }
        },
        users,
        targetName,
        "KILL CONNECTION");
  }
}
