package io.dtscutover.worker.freeze;

import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Proves a MySQL/MariaDB freeze by a write as an application account, which must be refused. */
final class MySqlProbe {
  private static final String SYSTEM_SCHEMAS =
      "('mysql', 'information_schema', 'performance_schema', 'sys')";

  private MySqlProbe() {}

  /**
   * Proves the freeze by a write as the probe account: a {@code DELETE ... WHERE 1 = 0} (which
   * changes nothing even if it runs, and is rolled back) on the first table the account can see.
   *
   * @return what was checked, for the proof
   * @throws ApplicationFailure {@link FreezeFailures#NOT_HELD} when the write is accepted
   */
  static String probe(FreezeTarget target) {
    String who = "application account '" + target.probeUser() + "'";
    try (Connection connection = TargetConnections.probe(target, "proving the freeze")) {
      String table = null;
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
                      + " WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN "
                      + SYSTEM_SCHEMAS
                      + " ORDER BY TABLE_SCHEMA, TABLE_NAME LIMIT 1")) {
        if (rows.next()) {
          table =
              MySqlSql.identifier(rows.getString(1)) + "." + MySqlSql.identifier(rows.getString(2));
        }
      }
      return ProbeWrite.attempt(
          connection,
          target,
          who,
          table,
          "1 = 0",
          refused -> {
            // 1290: read_only; 1142/1143: command or column denied.
            int code = refused.getErrorCode();
            return code == 1290 || code == 1142 || code == 1143 ? "error " + code : null;
          });
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.probeUser(), "proving the freeze");
    }
  }
}
