package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeReceipt;
import io.temporal.failure.ApplicationFailure;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Session settings, the current database and quoting for the PostgreSQL strategies. */
final class PgSql {
  private PgSql() {}

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

  /**
   * A condition that keeps the rows whose {@code column} is one of the schemas {@link #bindSchemas}
   * binds, or every row when that list is empty; it takes parameters 1 and 2.
   */
  static String inSchemas(String column) {
    return " AND (cardinality(?::text[]) = 0 OR " + column + " = ANY (?))";
  }

  /** Binds {@code schemas} to the two parameters of {@link #inSchemas}. */
  static void bindSchemas(PreparedStatement statement, Connection connection, List<String> schemas)
      throws SQLException {
    Array array = textArray(connection, schemas);
    statement.setArray(1, array);
    statement.setArray(2, array);
  }
}
