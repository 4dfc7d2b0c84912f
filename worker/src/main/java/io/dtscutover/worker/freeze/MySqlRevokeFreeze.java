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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code mysql-revoke}: revokes the application accounts' write privileges ({@link
 * MySqlGrants#WRITE_PRIVILEGES}, at every level they were granted, for every host of each account)
 * and ends their sessions; unfreeze grants back exactly the privileges the receipt lists.
 *
 * <p>Other databases on the server and other accounts keep writing. Privileges that reach an
 * account through a role are not revoked; a configured probe account catches that. The freeze
 * account needs GRANT OPTION with the revoked privileges, SELECT on the mysql schema, PROCESS and
 * CONNECTION ADMIN (or SUPER).
 */
final class MySqlRevokeFreeze implements SourceFreeze {
  private static final Logger log = LoggerFactory.getLogger(MySqlRevokeFreeze.class);

  private final FreezeTarget target;

  MySqlRevokeFreeze(FreezeTarget target) {
    this.target = target;
  }

  @Override
  public FreezeReceipt prepare(FreezeSpec spec) {
    if (target.appAccounts().isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "mysql-revoke needs the application accounts of freeze target '"
              + target.name()
              + "': set "
              + target.variable(FreezeTargets.APP_ACCOUNTS)
              + " (comma-separated user names)",
          FreezeFailures.CONFIGURATION);
    }
    try (Connection connection = TargetConnections.admin(target, "preparing the freeze")) {
      List<MySqlAccount> accounts = MySqlGrants.accounts(connection, target);
      List<MySqlPrivilege> privileges = MySqlGrants.writePrivileges(connection, accounts);
      return new FreezeReceipt(
          spec,
          Instant.now(),
          Map.of(),
          privileges.stream().map(ReceiptEntries::write).toList(),
          accounts.stream().map(MySqlAccount::grantee).toList());
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "preparing the freeze");
    }
  }

  @Override
  public FreezeProof freeze(FreezeReceipt receipt) {
    List<MySqlPrivilege> privileges =
        ReceiptEntries.read(receipt.revokedPrivileges(), MySqlPrivilege.class);
    try (Connection connection = TargetConnections.admin(target, "freezing")) {
      MySqlSql.configure(connection);
      for (MySqlPrivilege privilege : privileges) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(privilege.revokeSql());
        } catch (SQLException e) {
          // 1141/1147: no such grant (already revoked by an earlier attempt): idempotent.
          if (e.getErrorCode() != 1141 && e.getErrorCode() != 1147) {
            throw e;
          }
        }
      }
      log.info(
          "freeze target '{}': revoked {} write privileges of {}",
          target.name(),
          privileges.size(),
          target.appAccounts());
      List<String> checks = new ArrayList<>();
      int ended = MySqlSessions.endSessions(connection, target.appAccounts(), target.name());
      checks.add("ended " + ended + " application sessions; none left");
      checks.add(requireNoWritePrivilege(connection));
      return MySqlStatus.frozen(
          connection,
          target,
          checks,
          "no probe account configured: the freeze is proven by the privileges alone");
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "freezing");
    }
  }

  @Override
  public FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline) {
    try (Connection connection = TargetConnections.admin(target, "verifying the freeze")) {
      String check = requireNoWritePrivilege(connection);
      return MySqlStatus.verified(connection, target, check, baseline);
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "verifying the freeze");
    }
  }

  @Override
  public void unfreeze(FreezeReceipt receipt) {
    List<MySqlPrivilege> privileges =
        ReceiptEntries.read(receipt.revokedPrivileges(), MySqlPrivilege.class);
    try (Connection connection = TargetConnections.admin(target, "unfreezing")) {
      MySqlSql.configure(connection);
      for (MySqlPrivilege privilege : privileges) {
        try (Statement statement = connection.createStatement()) {
          statement.execute(privilege.grantSql()); // granting a held privilege changes nothing
        }
      }
      log.info(
          "freeze target '{}': granted back {} write privileges", target.name(), privileges.size());
      if (privileges.stream().anyMatch(MySqlPrivilege::cachedBySessions)) {
        // Sessions opened while frozen cached global and database privileges without the writes.
        List<String> users =
            privileges.stream().map(MySqlPrivilege::user).distinct().sorted().toList();
        int ended = MySqlSessions.endSessions(connection, users, target.name());
        log.info("freeze target '{}': ended {} sessions opened while frozen", target.name(), ended);
      }
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "unfreezing");
    }
  }

  private String requireNoWritePrivilege(Connection connection) throws SQLException {
    List<MySqlPrivilege> left =
        MySqlGrants.writePrivileges(connection, MySqlGrants.accounts(connection, target));
    if (!left.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the freeze on target '"
              + target.name()
              + "' does not hold: application accounts still hold "
              + left
              + " (granted after prepare?)",
          FreezeFailures.NOT_HELD);
    }
    return "application accounts " + target.appAccounts() + " hold no write privilege";
  }
}
