package io.dtscutover.worker.freeze;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What a PostgreSQL freeze touches, as text: the database's own settings and the access-control
 * lists of every relation and column outside the system schemas. A relation's ACL items are listed
 * sorted: each item (grantee, privileges with grant options, grantor) must come back exactly, but
 * an item that a freeze removed entirely is re-added at the end of the array by GRANT, and nothing
 * short of writing the catalog could put it back in its old place (the order grants nothing).
 */
final class PgState {
  private PgState() {}

  static String of(PostgresServer server, String database) throws SQLException {
    StringBuilder state = new StringBuilder();
    try (Connection connection = server.admin(database);
        Statement statement = connection.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT s.setconfig::text FROM pg_db_role_setting s"
                  + " JOIN pg_database d ON d.oid = s.setdatabase"
                  + " WHERE d.datname = current_database() AND s.setrole = 0")) {
        state.append("setconfig=").append(rows.next() ? rows.getString(1) : "none").append('\n');
      }
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT n.nspname || '.' || c.relname || ' ' || coalesce((SELECT string_agg(item::text,"
                  + " ',' ORDER BY item::text) FROM unnest(c.relacl) item), 'default')"
                  + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
                  + " AND n.nspname NOT LIKE 'pg\\_toast%' ORDER BY 1")) {
        while (rows.next()) {
          state.append(rows.getString(1)).append('\n');
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT n.nspname || '.' || c.relname || '.' || a.attname || ' ' || a.attacl::text"
                  + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                  + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                  + " WHERE a.attacl IS NOT NULL AND n.nspname NOT IN ('pg_catalog',"
                  + " 'information_schema') ORDER BY 1")) {
        while (rows.next()) {
          state.append(rows.getString(1)).append('\n');
        }
      }
    }
    return state.toString();
  }

  static List<String> passwordHashes(PostgresServer server, List<String> roles)
      throws SQLException {
    List<String> hashes = new ArrayList<>();
    try (Connection connection = server.admin("postgres");
        var query =
            connection.prepareStatement(
                "SELECT rolpassword FROM pg_authid WHERE rolname = ANY (?)")) {
      query.setArray(1, connection.createArrayOf("text", roles.toArray()));
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          if (rows.getString(1) != null) {
            hashes.add(rows.getString(1));
          }
        }
      }
    }
    return hashes;
  }
}
