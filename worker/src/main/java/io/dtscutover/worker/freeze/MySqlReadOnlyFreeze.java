package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mysql-read-only}: {@code SET GLOBAL read_only = ON} on MySQL or MariaDB; unfreeze sets
 * {@code read_only} (and {@code super_read_only}, where the server has it) back to the recorded
 * values.
 *
 * <p>read_only stops every account without SUPER (MySQL) or READ ONLY ADMIN (MariaDB 10.11+), in
 * every database of the server, at the next statement, so sessions need not end. prepare refuses
 * application accounts that hold one of those privileges, because read_only would not stop them.
 * The freeze account needs SUPER (MySQL) or READ_ONLY ADMIN (MariaDB), and SELECT on the mysql
 * schema when application accounts are configured.
 */
final class MySqlReadOnlyFreeze implements SourceFreeze {
  private static final Logger log = LoggerFactory.getLogger(MySqlReadOnlyFreeze.class);
  private static final String READ_ONLY = "read_only";
  private static final String SUPER_READ_ONLY = "super_read_only";
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_]{1,32}");

  private final FreezeTarget target;

  MySqlReadOnlyFreeze(FreezeTarget target) {
    this.target = target;
  }

  @Override
  public FreezeReceipt prepare(FreezeSpec spec) {
    try (Connection connection = TargetConnections.admin(target, "preparing the freeze")) {
      Map<String, String> previous =
          MySqlStatus.globalVariables(connection, List.of(READ_ONLY, SUPER_READ_ONLY));
      if (!previous.containsKey(READ_ONLY)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "freeze target '" + target.name() + "' has no read_only variable: is it MySQL?",
            FreezeFailures.UNSUPPORTED);
      }
      List<MySqlAccount> accounts = MySqlGrants.accounts(connection, target);
      refuseBypassingAccounts(connection, accounts);
      return new FreezeReceipt(
          spec,
          Instant.now(),
          previous,
          List.of(),
          accounts.stream().map(MySqlAccount::grantee).toList());
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "preparing the freeze");
    }
  }

  @Override
  public FreezeProof freeze(FreezeReceipt receipt) {
    try (Connection connection = TargetConnections.admin(target, "freezing")) {
      MySqlSql.configure(connection);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET GLOBAL read_only = ON");
      }
      log.info("freeze target '{}': read_only = ON", target.name());
      List<String> checks = new ArrayList<>();
      checks.add(requireReadOnly(connection));
      return MySqlStatus.frozen(
          connection,
          target,
          checks,
          "no probe account configured: the freeze is proven by read_only alone");
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "freezing");
    }
  }

  @Override
  public FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline) {
    try (Connection connection = TargetConnections.admin(target, "verifying the freeze")) {
      String check = requireReadOnly(connection);
      return MySqlStatus.verified(connection, target, check, baseline);
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "verifying the freeze");
    }
  }

  @Override
  public void unfreeze(FreezeReceipt receipt) {
    Map<String, String> previous = receipt.previousSettings();
    try (Connection connection = TargetConnections.admin(target, "unfreezing")) {
      MySqlSql.configure(connection);
      // read_only first: on MySQL, turning it OFF also turns super_read_only OFF.
      for (String name : List.of(READ_ONLY, SUPER_READ_ONLY)) {
        String value = previous.get(name);
        if (value == null) {
          continue;
        }
        if (!VALUE.matcher(value).matches()) {
          throw new IllegalArgumentException(
              "the receipt's previous value of " + name + " is not a plain value: " + value);
        }
        try (Statement statement = connection.createStatement()) {
          statement.execute("SET GLOBAL " + name + " = " + value);
        }
        log.info("freeze target '{}': {} restored to {}", target.name(), name, value);
      }
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "unfreezing");
    }
  }

  private String requireReadOnly(Connection connection) throws SQLException {
    String now = MySqlStatus.globalVariables(connection, List.of(READ_ONLY)).get(READ_ONLY);
    if (!"ON".equalsIgnoreCase(now) && !"1".equals(now)) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the freeze on target '" + target.name() + "' does not hold: read_only is " + now,
          FreezeFailures.NOT_HELD);
    }
    return "read_only is " + now;
  }

  private void refuseBypassingAccounts(Connection connection, List<MySqlAccount> accounts)
      throws SQLException {
    for (MySqlAccount account : accounts) {
      List<String> bypassing = new ArrayList<>();
      try (var statement =
          connection.prepareStatement(
              "SELECT PRIVILEGE_TYPE FROM information_schema.USER_PRIVILEGES WHERE GRANTEE = ?"
                  + " AND PRIVILEGE_TYPE IN"
                  + " ('SUPER', 'READ_ONLY ADMIN', 'READ ONLY ADMIN', 'CONNECTION_ADMIN')")) {
        statement.setString(1, account.grantee());
        try (var rows = statement.executeQuery()) {
          while (rows.next()) {
            bypassing.add(rows.getString(1));
          }
        }
      }
      if (!bypassing.isEmpty()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "application account "
                + account
                + " on freeze target '"
                + target.name()
                + "' holds "
                + bypassing
                + ", which may write through read_only: use mysql-revoke, or revoke "
                + bypassing
                + " from it",
            FreezeFailures.UNSUPPORTED);
      }
    }
  }
}
