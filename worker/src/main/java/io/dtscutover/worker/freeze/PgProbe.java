package io.dtscutover.worker.freeze;

import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Proves a PostgreSQL freeze by a write as an application role, which must be refused. */
final class PgProbe {
  private PgProbe() {}

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
                  + PgSql.inSchemas("table_schema")
                  + " ORDER BY table_schema, table_name LIMIT 1")) {
        PgSql.bindSchemas(statement, connection, schemas);
        try (ResultSet rows = statement.executeQuery()) {
          if (rows.next()) {
            table = PgSql.identifier(rows.getString(1)) + "." + PgSql.identifier(rows.getString(2));
          }
        }
      }
      return ProbeWrite.attempt(
          connection,
          target,
          who,
          table,
          "false",
          refused -> {
            // 25006: read-only transaction; 42501: insufficient privilege.
            String state = refused.getSQLState();
            return "25006".equals(state) || "42501".equals(state) ? "SQLState " + state : null;
          });
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.probeUser(), "proving the freeze");
    }
  }
}
