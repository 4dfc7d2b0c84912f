package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The application accounts of a MySQL/MariaDB target and the write privileges they hold, read from
 * information_schema (the freeze account needs SELECT on the mysql schema to see them all).
 */
final class MySqlGrants {
  /**
   * The privileges that let an account change data or schema; mysql-revoke takes these away.
   * Routines declared SQL SECURITY DEFINER still write as their definer; the counters see that.
   */
  static final Set<String> WRITE_PRIVILEGES =
      Set.of(
          "INSERT",
          "UPDATE",
          "DELETE",
          "DELETE HISTORY",
          "CREATE",
          "DROP",
          "ALTER",
          "INDEX",
          "TRIGGER",
          "CREATE VIEW");

  private MySqlGrants() {}

  /** Every account (user at each host) of the configured application users. */
  static List<MySqlAccount> accounts(Connection connection, FreezeTarget target)
      throws SQLException {
    List<MySqlAccount> accounts = new ArrayList<>();
    for (String user : target.appAccounts()) {
      List<MySqlAccount> found = new ArrayList<>();
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT User, Host FROM mysql.user WHERE User = ? ORDER BY Host")) {
        statement.setString(1, user);
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            found.add(new MySqlAccount(rows.getString(1), rows.getString(2)));
          }
        }
      }
      if (found.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "application account '"
                + user
                + "' does not exist on freeze target '"
                + target.name()
                + "': fix "
                + target.variable(FreezeTargets.APP_ACCOUNTS),
            FreezeFailures.CONFIGURATION);
      }
      accounts.addAll(found);
    }
    return accounts;
  }

  /**
   * Where MySQL lists direct grants, from the widest level to the narrowest: each row as (schema,
   * table, column, privilege), with NULL where the level has no such part.
   */
  private static final List<String> PRIVILEGE_LEVELS =
      List.of(
          "SELECT NULL, NULL, NULL, PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES",
          "SELECT TABLE_SCHEMA, NULL, NULL, PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES",
          "SELECT TABLE_SCHEMA, TABLE_NAME, NULL, PRIVILEGE_TYPE"
              + " FROM information_schema.TABLE_PRIVILEGES",
          "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, PRIVILEGE_TYPE"
              + " FROM information_schema.COLUMN_PRIVILEGES");

  /** The write privileges {@code accounts} hold directly, at every level, in a stable order. */
  static List<MySqlPrivilege> writePrivileges(Connection connection, List<MySqlAccount> accounts)
      throws SQLException {
    List<MySqlPrivilege> privileges = new ArrayList<>();
    String privilegeFilter = " AND PRIVILEGE_TYPE IN " + MySqlSql.inList(WRITE_PRIVILEGES);
    for (MySqlAccount account : accounts) {
      for (String level : PRIVILEGE_LEVELS) {
        query(connection, level + " WHERE GRANTEE = ?" + privilegeFilter, account, privileges);
      }
    }
    return privileges;
  }

  private static void query(
      Connection connection, String sql, MySqlAccount account, List<MySqlPrivilege> into)
      throws SQLException {
    List<MySqlPrivilege> found = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, account.grantee());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.add(
              new MySqlPrivilege(
                  account.user(),
                  account.host(),
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4)));
        }
      }
    }
    found.sort(
        (a, b) -> a.toString().compareTo(b.toString())); // information_schema has no fixed order
    into.addAll(found);
  }
}
