package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.temporal.failure.ApplicationFailure;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pg-read-only}: {@code ALTER DATABASE ... SET default_transaction_read_only = on} on the
 * target's database and the application roles' sessions there ended, so that every new session
 * starts read-only; unfreeze puts the database setting back as it was (set to its old value, or
 * reset when there was none) and ends the sessions opened while frozen, which would otherwise stay
 * read-only.
 *
 * <p>The receipt's previous settings hold {@code database} (the database frozen, checked again at
 * unfreeze) and {@code default_transaction_read_only} (its old value, or {@value #UNSET}). A
 * session can still opt out with {@code SET transaction_read_only = off}; the write counters catch
 * that. The freeze account must own the database or be a superuser, and be allowed to terminate the
 * application roles' sessions (pg_signal_backend).
 */
final class PgReadOnlyFreeze implements SourceFreeze {
  /** Recorded when the database had no default_transaction_read_only of its own. */
  static final String UNSET = "<unset>";

  static final String SETTING = "default_transaction_read_only";
  static final String DATABASE = "database";

  private static final Logger log = LoggerFactory.getLogger(PgReadOnlyFreeze.class);
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_]{1,16}");

  private final FreezeTarget target;

  PgReadOnlyFreeze(FreezeTarget target) {
    this.target = target;
  }

  @Override
  public FreezeReceipt prepare(FreezeSpec spec) {
    try (Connection connection = TargetConnections.admin(target, "preparing the freeze")) {
      PgRoles.requireRoles(connection, target);
      refuseRoleOverrides(connection, target.appAccounts(), FreezeFailures.UNSUPPORTED);
      Map<String, String> previous = new LinkedHashMap<>();
      previous.put(DATABASE, PgSql.currentDatabase(connection));
      previous.put(SETTING, databaseSetting(connection).orElse(UNSET));
      return new FreezeReceipt(spec, Instant.now(), previous, List.of(), target.appAccounts());
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "preparing the freeze");
    }
  }

  @Override
  public FreezeProof freeze(FreezeReceipt receipt) {
    try (Connection connection = TargetConnections.admin(target, "freezing")) {
      PgSql.configure(connection);
      String database = PgSql.requireSameDatabase(connection, receipt, target);
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "ALTER DATABASE " + PgSql.identifier(database) + " SET " + SETTING + " = on");
      }
      log.info("freeze target '{}': {} = on for database {}", target.name(), SETTING, database);
      List<String> checks = new ArrayList<>();
      int ended = PgSessions.endSessions(connection, target.appAccounts(), target.name());
      checks.add("ended " + ended + " application sessions; none left");
      checks.add(requireReadOnly(connection));
      return PgCounters.frozen(
          connection,
          target,
          List.of(),
          checks,
          "no probe role configured: the freeze is proven by the database setting alone");
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "freezing");
    }
  }

  @Override
  public FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline) {
    try (Connection connection = TargetConnections.admin(target, "verifying the freeze")) {
      PgSql.configure(connection);
      PgSql.requireSameDatabase(connection, receipt, target);
      String check = requireReadOnly(connection);
      return PgCounters.verified(connection, target, List.of(), check, baseline);
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "verifying the freeze");
    }
  }

  @Override
  public void unfreeze(FreezeReceipt receipt) {
    String previous = receipt.previousSettings().get(SETTING);
    if (previous == null || !(previous.equals(UNSET) || VALUE.matcher(previous).matches())) {
      throw new IllegalArgumentException(
          "the receipt's previous " + SETTING + " is not a plain value: " + previous);
    }
    try (Connection connection = TargetConnections.admin(target, "unfreezing")) {
      PgSql.configure(connection);
      String database = PgSql.identifier(PgSql.requireSameDatabase(connection, receipt, target));
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            previous.equals(UNSET)
                ? "ALTER DATABASE " + database + " RESET " + SETTING
                : "ALTER DATABASE " + database + " SET " + SETTING + " = " + previous);
      }
      log.info("freeze target '{}': {} restored to {}", target.name(), SETTING, previous);
      int ended = PgSessions.endSessions(connection, receipt.applicationAccounts(), target.name());
      log.info("freeze target '{}': ended {} sessions opened while frozen", target.name(), ended);
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "unfreezing");
    }
  }

  /**
   * Refuses application roles with their own default_transaction_read_only (ALTER ROLE ... SET),
   * which wins over the database's and would keep their new sessions writable.
   */
  private void refuseRoleOverrides(Connection connection, List<String> roles, String failureType)
      throws SQLException {
    List<String> overriding = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT DISTINCT r.rolname FROM pg_db_role_setting s"
                + " JOIN pg_roles r ON r.oid = s.setrole"
                + " WHERE r.rolname = ANY (?) AND (s.setdatabase = 0 OR s.setdatabase ="
                + " (SELECT oid FROM pg_database WHERE datname = current_database()))"
                + " AND EXISTS (SELECT 1 FROM unnest(s.setconfig) c"
                + " WHERE c LIKE 'default\\_transaction\\_read\\_only=%')"
                + " ORDER BY 1")) {
      statement.setArray(1, PgSql.textArray(connection, roles));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          overriding.add(rows.getString(1));
        }
      }
    }
    if (!overriding.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "application roles "
              + overriding
              + " on freeze target '"
              + target.name()
              + "' set their own "
              + SETTING
              + " (ALTER ROLE ... SET), which wins over the database's: use pg-revoke, or"
              + " ALTER ROLE ... RESET "
              + SETTING,
          failureType);
    }
  }

  private String requireReadOnly(Connection connection) throws SQLException {
    refuseRoleOverrides(connection, target.appAccounts(), FreezeFailures.NOT_HELD);
    String now = databaseSetting(connection).orElse(UNSET);
    if (!now.equalsIgnoreCase("on") && !now.equalsIgnoreCase("true")) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the freeze on target '" + target.name() + "' does not hold: " + SETTING + " is " + now,
          FreezeFailures.NOT_HELD);
    }
    return "database " + SETTING + " is " + now;
  }

  /** The database's own value of the setting (ALTER DATABASE ... SET), if it has one. */
  private static Optional<String> databaseSetting(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT s.setconfig FROM pg_db_role_setting s"
                    + " JOIN pg_database d ON d.oid = s.setdatabase"
                    + " WHERE d.datname = current_database() AND s.setrole = 0")) {
      if (rows.next()) {
        Array config = rows.getArray(1);
        for (Object entry : (Object[]) config.getArray()) {
          String text = (String) entry;
          if (text.startsWith(SETTING + "=")) {
            return Optional.of(text.substring(SETTING.length() + 1));
          }
        }
      }
    }
    return Optional.empty();
  }
}
