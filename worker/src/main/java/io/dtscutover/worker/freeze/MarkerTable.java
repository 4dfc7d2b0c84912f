package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.proof.MarkerFailures;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SQL of the marker table {@code dts_cutover_marker} on MySQL/MariaDB and PostgreSQL: create
 * it, check it, write a marker, find one. Every statement names the table unqualified, so it lives
 * in the database (MySQL) or the first schema of the search path (PostgreSQL) of the target's JDBC
 * URL.
 */
final class MarkerTable {
  static final String NAME = "dts_cutover_marker";

  /** Grants with which a MySQL/MariaDB account writes through {@code read_only}. */
  private static final Pattern BYPASSES_READ_ONLY =
      Pattern.compile(
          "(?i)^GRANT .*\\b(ALL PRIVILEGES|SUPER|READ[_ ]ONLY ADMIN|CONNECTION_ADMIN)\\b.* ON \\*\\.\\*"
              + " TO .*");

  private MarkerTable() {}

  /** The {@code CREATE TABLE IF NOT EXISTS} for {@code kind}. */
  static String createStatement(DatabaseKind kind) {
    return kind == DatabaseKind.MYSQL
        ? "CREATE TABLE IF NOT EXISTS "
            + NAME
            + " (id VARCHAR(64) NOT NULL PRIMARY KEY, workflow_id VARCHAR(255) NOT NULL,"
            + " token VARCHAR(64) NOT NULL, written_at DATETIME(3) NOT NULL) ENGINE=InnoDB"
        : "CREATE TABLE IF NOT EXISTS "
            + NAME
            + " (id varchar(64) PRIMARY KEY, workflow_id varchar(255) NOT NULL,"
            + " token varchar(64) NOT NULL, written_at timestamp(3) with time zone NOT NULL)";
  }

  /** A session that may write: PostgreSQL sessions opt out of a read-only database default. */
  static void configure(Connection connection, DatabaseKind kind) throws SQLException {
    if (kind == DatabaseKind.POSTGRESQL) {
      PgSql.configure(connection);
    } else {
      MySqlSql.configure(connection);
    }
  }

  /**
   * Fails with {@link MarkerFailures#TABLE_MISSING} when the table or one of its columns is
   * missing, {@link MarkerFailures#NO_ACCESS} when the account may not read it.
   */
  static void requireReadable(Connection connection, FreezeTarget target, String end) {
    try (Statement statement = connection.createStatement()) {
      statement
          .executeQuery("SELECT id, workflow_id, token, written_at FROM " + NAME + " WHERE 1 = 0")
          .close();
    } catch (SQLException e) {
      throw failure(e, target, end, "read");
    }
  }

  /**
   * Inserts a row and rolls it back: proves the table takes the row and the account may write it
   * now. Changes nothing.
   */
  static void probeWrite(Connection connection, FreezeTarget target, String cutoverId) {
    try {
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(insertSql())) {
        bind(insert, "preflight-" + java.util.UUID.randomUUID(), cutoverId, "preflight", now());
        insert.executeUpdate();
      } finally {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(e, target, "source", "write");
    }
  }

  /** Writes the marker (auto-committed) and returns when it was written. */
  static Instant insert(
      Connection connection, FreezeTarget target, String token, String cutoverId) {
    Instant at = now();
    try (PreparedStatement insert = connection.prepareStatement(insertSql())) {
      bind(insert, token, cutoverId, token, at);
      insert.executeUpdate();
      return at;
    } catch (SQLException e) {
      throw failure(e, target, "source", "write");
    }
  }

  /** When the marker with {@code token} was written, if the table holds it. */
  static Optional<Instant> find(
      Connection connection, FreezeTarget target, String token, String end) {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT written_at FROM " + NAME + " WHERE id = ? AND token = ?")) {
      select.setString(1, token);
      select.setString(2, token);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(rows.getTimestamp(1).toInstant()) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure(e, target, end, "read");
    }
  }

  /**
   * On MySQL/MariaDB: refuses when the account could not write the marker while {@code read_only}
   * holds ({@code mysql-read-only}, or a manual freeze that already set it), or when {@code
   * super_read_only} stops every account. Returns what was checked.
   */
  static String requireWritableWhileFrozen(
      Connection connection, FreezeTarget target, FreezeStrategy strategy) throws SQLException {
    var variables =
        MySqlStatus.globalVariables(connection, List.of("read_only", "super_read_only"));
    if (isOn(variables.get("super_read_only"))) {
      throw ApplicationFailure.newNonRetryableFailure(
          "super_read_only is ON on target '"
              + target.name()
              + "': no account, not even the cutover's, can write the marker; turn"
              + " super_read_only off and freeze with mysql-read-only or mysql-revoke",
          MarkerFailures.UNSUPPORTED);
    }
    boolean readOnlyMatters =
        strategy == FreezeStrategy.MYSQL_READ_ONLY || isOn(variables.get("read_only"));
    if (!readOnlyMatters) {
      return "the marker is written as " + target.user() + ", which the freeze does not stop";
    }
    try (Statement statement = connection.createStatement();
        ResultSet grants = statement.executeQuery("SHOW GRANTS")) {
      while (grants.next()) {
        if (BYPASSES_READ_ONLY.matcher(grants.getString(1)).matches()) {
          return target.user() + " writes through read_only";
        }
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "the account "
            + target.user()
            + " of target '"
            + target.name()
            + "' cannot write the marker while read_only is ON: grant it READ_ONLY ADMIN"
            + " (MariaDB) or CONNECTION_ADMIN/SUPER (MySQL), or freeze with mysql-revoke",
        MarkerFailures.NO_ACCESS);
  }

  /** The schema the unqualified table name resolves to on PostgreSQL. */
  static String pgSchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE c.oid = to_regclass('"
                    + NAME
                    + "')")) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  /**
   * On PostgreSQL: under {@code pg-revoke} the account must write the marker with its own privilege
   * (superuser, owner or a direct grant), not through an application role the freeze revokes.
   */
  static String requirePgWriteOfItsOwn(Connection connection, FreezeTarget target)
      throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT r.rolsuper OR c.relowner = r.oid OR EXISTS (SELECT 1 FROM"
                    + " aclexplode(coalesce(c.relacl, acldefault('r', c.relowner))) a WHERE"
                    + " a.grantee = r.oid AND a.privilege_type = 'INSERT')"
                    + " FROM pg_class c, pg_roles r WHERE c.oid = to_regclass('"
                    + NAME
                    + "') AND r.rolname = current_user")) {
      if (rows.next() && rows.getBoolean(1)) {
        return target.user() + " writes the marker with a privilege of its own";
      }
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "the account "
            + target.user()
            + " of target '"
            + target.name()
            + "' may insert into "
            + NAME
            + " only through a role the freeze can revoke: GRANT INSERT, SELECT ON "
            + NAME
            + " TO "
            + target.user(),
        MarkerFailures.NO_ACCESS);
  }

  private static String insertSql() {
    return "INSERT INTO " + NAME + " (id, workflow_id, token, written_at) VALUES (?, ?, ?, ?)";
  }

  private static void bind(
      PreparedStatement insert, String id, String cutoverId, String token, Instant at)
      throws SQLException {
    insert.setString(1, id);
    insert.setString(2, cutoverId);
    insert.setString(3, token);
    insert.setTimestamp(4, Timestamp.from(at));
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  private static boolean isOn(String value) {
    return value != null && (value.equalsIgnoreCase("ON") || value.equals("1"));
  }

  /**
   * The failure for a statement on the marker table at {@code end}, in words a person can act on.
   */
  private static ApplicationFailure failure(
      SQLException e, FreezeTarget target, String end, String action) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    int code = e.getErrorCode();
    String where = end + " target '" + target.name() + "'";
    // 42S02/1146 MySQL and 42P01 PostgreSQL: no such table; 42S22/1054 and 42703: no such column.
    if (state.equals("42S02") || code == 1146 || state.equals("42P01")) {
      return ApplicationFailure.newNonRetryableFailure(
          "there is no table "
              + NAME
              + " on the "
              + where
              + ": run `cutover marker init --target "
              + target.name()
              + "` (and make the table one of the DTS task's migration objects)",
          MarkerFailures.TABLE_MISSING);
    }
    if (state.equals("42S22") || code == 1054 || state.equals("42703")) {
      return ApplicationFailure.newNonRetryableFailure(
          "the table "
              + NAME
              + " on the "
              + where
              + " lacks a column (it needs id, workflow_id, token, written_at): "
              + DatabaseFailures.scrub(target, e.getMessage()),
          MarkerFailures.TABLE_MISSING);
    }
    if (state.equals("42501") || code == 1142 || code == 1143 || code == 1044) {
      return ApplicationFailure.newNonRetryableFailure(
          "the account "
              + target.user()
              + " may not "
              + action
              + " "
              + NAME
              + " on the "
              + where
              + ": GRANT "
              + (action.equals("read") ? "SELECT" : "INSERT, SELECT")
              + " ON "
              + NAME
              + " TO "
              + target.user(),
          MarkerFailures.NO_ACCESS);
    }
    // 25006 PostgreSQL read-only transaction; 1290/1836 MySQL read_only / super_read_only.
    if (state.equals("25006") || code == 1290 || code == 1836) {
      return ApplicationFailure.newNonRetryableFailure(
          "the "
              + where
              + " refused the marker write as "
              + target.user()
              + " because it is read-only: "
              + DatabaseFailures.scrub(target, e.getMessage())
              + "; give that account a way to write through the freeze (see the runbook's marker"
              + " proof section)",
          MarkerFailures.NO_ACCESS);
    }
    return DatabaseFailures.of(e, target, target.user(), action + " " + NAME + " (" + end + ")");
  }

  /** The database family of {@code target}, in words. */
  static String family(FreezeTarget target) {
    return target.kind() == DatabaseKind.MYSQL ? "MySQL/MariaDB" : "PostgreSQL";
  }
}
