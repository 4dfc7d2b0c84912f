package io.dtscutover.freeze;

import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the MySQL/MariaDB strategies share: accounts, write privileges, sessions, the write probe
 * and the write counters.
 *
 * <p>The write counters count rows actually changed, server-wide: InnoDB's {@code
 * Innodb_rows_inserted/_updated/_deleted} where the server has them (MySQL), otherwise {@code
 * Handler_write/_update/_delete} on MariaDB (which dropped the InnoDB row counters in 11.x and
 * counts its internal temporary tables apart, in {@code Handler_tmp_*}, so the freeze's own
 * information_schema queries do not move them). {@code Com_insert} and friends are not used: they
 * count statements attempted, including the ones the freeze refuses, so an application retrying its
 * writes against a frozen source would look like a breach. The freeze's own GRANT and REVOKE
 * statements change privilege tables, so the baseline is read after them.
 */
final class MySqlSource {
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

  static final List<String> INNODB_COUNTERS =
      List.of("Innodb_rows_inserted", "Innodb_rows_updated", "Innodb_rows_deleted");

  static final List<String> HANDLER_COUNTERS =
      List.of("Handler_delete", "Handler_update", "Handler_write");

  /** How long ended sessions may take to go away before the freeze is declared not held. */
  static final Duration SESSION_END_TIMEOUT = Duration.ofSeconds(30);

  private static final String SYSTEM_SCHEMAS =
      "('mysql', 'information_schema', 'performance_schema', 'sys')";

  private MySqlSource() {}

  /** Statement settings for the freeze account's session: bounded lock waits. */
  static void configure(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // SET GLOBAL read_only and GRANT/REVOKE wait for locks; fail the attempt instead of hanging.
      statement.execute("SET SESSION lock_wait_timeout = 30");
    }
  }

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

  /** The write privileges {@code accounts} hold directly, at every level, in a stable order. */
  static List<MySqlPrivilege> writePrivileges(Connection connection, List<MySqlAccount> accounts)
      throws SQLException {
    List<MySqlPrivilege> privileges = new ArrayList<>();
    for (MySqlAccount account : accounts) {
      String privilegeFilter = " AND PRIVILEGE_TYPE IN " + inList(WRITE_PRIVILEGES);
      query(
          connection,
          "SELECT NULL, NULL, NULL, PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES"
              + " WHERE GRANTEE = ?"
              + privilegeFilter,
          account,
          privileges);
      query(
          connection,
          "SELECT TABLE_SCHEMA, NULL, NULL, PRIVILEGE_TYPE FROM information_schema.SCHEMA_PRIVILEGES"
              + " WHERE GRANTEE = ?"
              + privilegeFilter,
          account,
          privileges);
      query(
          connection,
          "SELECT TABLE_SCHEMA, TABLE_NAME, NULL, PRIVILEGE_TYPE"
              + " FROM information_schema.TABLE_PRIVILEGES WHERE GRANTEE = ?"
              + privilegeFilter,
          account,
          privileges);
      query(
          connection,
          "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, PRIVILEGE_TYPE"
              + " FROM information_schema.COLUMN_PRIVILEGES WHERE GRANTEE = ?"
              + privilegeFilter,
          account,
          privileges);
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

  /** The ids of the sessions of {@code users}, except this connection's own. */
  static List<Long> sessions(Connection connection, List<String> users) throws SQLException {
    if (users.isEmpty()) {
      return List.of();
    }
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE USER IN "
                + placeholders(users.size())
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
   *     #SESSION_END_TIMEOUT}
   */
  static int endSessions(Connection connection, List<String> users, String targetName)
      throws SQLException {
    List<Long> ended = sessions(connection, users);
    Instant deadline = Instant.now().plus(SESSION_END_TIMEOUT);
    List<Long> remaining = ended;
    while (!remaining.isEmpty()) {
      for (long id : remaining) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("KILL CONNECTION " + id);
        } catch (SQLException e) {
          if (e.getErrorCode() != 1094) { // 1094: unknown thread id, the session already ended
            throw e;
          }
        }
      }
      remaining = sessions(connection, users);
      if (!remaining.isEmpty() && Instant.now().isAfter(deadline)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "application sessions "
                + remaining
                + " of "
                + users
                + " on freeze target '"
                + targetName
                + "' did not end within "
                + SESSION_END_TIMEOUT.toSeconds()
                + "s of KILL CONNECTION",
            FreezeFailures.NOT_HELD);
      }
      pause();
    }
    return ended.size();
  }

  /** The server's row write counters, see the class comment. */
  static Map<String, Long> writeCounters(Connection connection) throws SQLException {
    Map<String, Long> status = new TreeMap<>();
    List<String> names = new ArrayList<>(INNODB_COUNTERS);
    names.addAll(HANDLER_COUNTERS);
    names.add("Handler_tmp_write");
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN " + inList(names))) {
      while (rows.next()) {
        status.put(rows.getString(1), Long.parseLong(rows.getString(2)));
      }
    }
    List<String> chosen;
    if (status.keySet().containsAll(INNODB_COUNTERS)) {
      chosen = INNODB_COUNTERS;
    } else if (status.keySet().containsAll(HANDLER_COUNTERS)
        && status.containsKey("Handler_tmp_write")) {
      chosen = HANDLER_COUNTERS;
    } else {
      throw ApplicationFailure.newNonRetryableFailure(
          "the server reports neither "
              + INNODB_COUNTERS
              + " nor MariaDB's Handler_tmp_* split of the handler counters, so writes while"
              + " frozen could not be detected",
          FreezeFailures.UNSUPPORTED);
    }
    Map<String, Long> counters = new TreeMap<>();
    chosen.forEach(name -> counters.put(name, status.get(name)));
    return counters;
  }

  /** Global variables by name, in the order asked; absent ones are left out. */
  static Map<String, String> globalVariables(Connection connection, List<String> names)
      throws SQLException {
    Map<String, String> found = new TreeMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SHOW GLOBAL VARIABLES WHERE Variable_name IN " + inList(names))) {
      while (rows.next()) {
        found.put(rows.getString(1).toLowerCase(Locale.ROOT), rows.getString(2));
      }
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    names.stream().filter(found::containsKey).forEach(name -> ordered.put(name, found.get(name)));
    return ordered;
  }

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
          table = identifier(rows.getString(1)) + "." + identifier(rows.getString(2));
        }
      }
      if (table == null) {
        return who + " sees no table, so no write could be attempted";
      }
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("DELETE FROM " + table + " WHERE 1 = 0");
      } catch (SQLException refused) {
        // 1290: read_only; 1142/1143: command or column denied.
        int code = refused.getErrorCode();
        if (code == 1290 || code == 1142 || code == 1143) {
          return "a write as " + who + " to " + table + " was refused (error " + code + ")";
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

  /** A quoted identifier: {@code `name`}. */
  static String identifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** A quoted string literal, safe with and without NO_BACKSLASH_ESCAPES. */
  static String literal(String value) {
    if (value.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("backslash in an account name is not supported: " + value);
    }
    return "'" + value.replace("'", "''") + "'";
  }

  private static String inList(Collection<String> values) {
    List<String> quoted = new ArrayList<>();
    for (String value : values) {
      quoted.add(literal(value));
    }
    Collections.sort(quoted);
    return "(" + String.join(", ", quoted) + ")";
  }

  private static String placeholders(int count) {
    return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
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
