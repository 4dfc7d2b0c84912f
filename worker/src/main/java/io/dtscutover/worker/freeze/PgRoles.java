package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** The application roles of a PostgreSQL target: they must exist and be stoppable. */
final class PgRoles {
  private PgRoles() {}

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
      statement.setArray(1, PgSql.textArray(connection, target.appAccounts()));
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
}
