package io.dtscutover.worker.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code mysql-revoke} against a real MariaDB server, with an application user at two hosts and
 * write grants at database, table and column level.
 */
class MySqlRevokeFreezeIT extends MySqlFreezeContract {
  private static final String DB = "shop_rv";
  private static final String APP = "app_rv";

  MySqlRevokeFreezeIT() {
    super(DB, APP);
  }

  @BeforeAll
  static void createShop() throws SQLException {
    MariaDbServer server = MariaDbServer.shared();
    server.exec(
        "CREATE DATABASE IF NOT EXISTS " + DB,
        "CREATE DATABASE IF NOT EXISTS shop_rv_other",
        "CREATE TABLE IF NOT EXISTS "
            + DB
            + ".orders (id INT AUTO_INCREMENT PRIMARY KEY,"
            + " note VARCHAR(40)) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS "
            + DB
            + ".audit (id INT AUTO_INCREMENT PRIMARY KEY,"
            + " note VARCHAR(40), done INT) ENGINE=InnoDB",
        "CREATE USER IF NOT EXISTS '" + APP + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'",
        "CREATE USER IF NOT EXISTS '" + APP + "'@'localhost' IDENTIFIED BY '" + APP_PASSWORD + "'",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON " + DB + ".* TO '" + APP + "'@'%'",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON " + DB + ".* TO '" + APP + "'@'localhost'",
        "GRANT SELECT, INSERT, ALTER ON " + DB + ".audit TO '" + APP + "'@'localhost'",
        "GRANT UPDATE (done) ON " + DB + ".audit TO '" + APP + "'@'localhost' WITH GRANT OPTION");
  }

  @Override
  FreezeStrategy strategy() {
    return FreezeStrategy.MYSQL_REVOKE;
  }

  @Test
  void theReceiptListsEveryWritePrivilegeAtEveryLevelAndHost() {
    FreezeReceipt receipt = prepare(activities());

    assertEquals(List.of("'app_rv'@'%'", "'app_rv'@'localhost'"), receipt.applicationAccounts());
    List<String> entries = receipt.revokedPrivileges();
    // % : INSERT, UPDATE, DELETE on the database; localhost: the same, plus INSERT and ALTER on
    // audit, plus UPDATE (done) on audit. SELECT stays.
    assertEquals(3 + 3 + 2 + 1, entries.size(), entries.toString());
    assertTrue(entries.stream().noneMatch(entry -> entry.contains("SELECT")), entries.toString());
    assertTrue(
        entries.contains(
            "{\"user\":\"app_rv\",\"host\":\"localhost\",\"schema\":\"shop_rv\",\"table\":\"audit\","
                + "\"column\":\"done\",\"privilege\":\"UPDATE\"}"),
        entries.toString());
  }

  @Test
  void aFreezeCutShortHalfWayIsFinishedByARetryAndUndoneExactly() throws Exception {
    String before = sourceState();
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = prepare(activities);
    List<MySqlPrivilege> privileges =
        ReceiptEntries.read(receipt.revokedPrivileges(), MySqlPrivilege.class);
    // A worker that died after its first few REVOKEs.
    server.exec(
        privileges.subList(0, 4).stream().map(MySqlPrivilege::revokeSql).toArray(String[]::new));

    activities.unfreeze(receipt);
    assertEquals(before, sourceState());

    server.exec(
        privileges.subList(0, 4).stream().map(MySqlPrivilege::revokeSql).toArray(String[]::new));
    activities.freeze(receipt);
    appCannotWrite();
    activities.unfreeze(receipt);
    assertEquals(before, sourceState());
    appWrites();
  }

  @Test
  void allPrivilegesOnADatabaseComeBackAsAllPrivileges() throws Exception {
    server.exec(
        "CREATE USER IF NOT EXISTS 'app_all'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'",
        "GRANT ALL PRIVILEGES ON " + DB + ".* TO 'app_all'@'%' WITH GRANT OPTION");
    String before = MySqlState.of(server, List.of("app_all"));
    WriteFreezeActivities activities =
        activities(
            Map.of(FreezeTargets.APP_ACCOUNTS, "app_all", FreezeTargets.PROBE_USER, "app_all"));
    FreezeReceipt receipt = prepare(activities);

    activities.freeze(receipt);
    assertThrows(
        SQLException.class,
        () -> {
          try (Connection connection = server.connect(DB, "app_all", APP_PASSWORD)) {
            write(connection);
          }
        });
    activities.unfreeze(receipt);

    assertEquals(before, MySqlState.of(server, List.of("app_all")));
    assertTrue(before.contains("GRANT ALL PRIVILEGES ON `shop_rv`.*"), before);
  }

  @Test
  void readsStillWorkWhileFrozen() throws Exception {
    WriteFreezeActivities activities = activities();
    activities.freeze(prepare(activities));
    try (Connection connection = appConnection();
        Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT count(*) FROM orders").close();
    }
  }

  @Test
  void aWritePrivilegeGrantedAfterPrepareMeansTheFreezeDoesNotHold() throws Exception {
    String before = sourceState();
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = prepare(activities);
    server.exec("GRANT INSERT ON shop_rv_other.* TO '" + APP + "'@'%'");
    try {
      ApplicationFailure failure = failure(() -> activities.freeze(receipt));
      assertEquals(FreezeFailures.NOT_HELD, failure.getType());
      assertTrue(failure.getOriginalMessage().contains("shop_rv_other"), failure.getMessage());
      activities.unfreeze(receipt);
    } finally {
      server.exec("REVOKE INSERT ON shop_rv_other.* FROM '" + APP + "'@'%'");
    }
    assertEquals(before, sourceState());
  }

  @Test
  void withoutApplicationAccountsTheStrategyAsksForThem() {
    Map<String, String> none = new HashMap<>();
    none.put(FreezeTargets.APP_ACCOUNTS, null);
    ApplicationFailure failure = failure(() -> activities(none).prepare(spec()));
    assertEquals(FreezeFailures.CONFIGURATION, failure.getType());
    assertTrue(
        failure.getOriginalMessage().contains("CUTOVER_TARGET_ORDERS_DB_APP_ACCOUNTS"),
        failure.getMessage());
  }

  @Test
  void anApplicationAccountThatDoesNotExistIsAConfigurationError() {
    ApplicationFailure failure =
        failure(() -> activities(Map.of(FreezeTargets.APP_ACCOUNTS, "app_typo")).prepare(spec()));
    assertEquals(FreezeFailures.CONFIGURATION, failure.getType());
    assertTrue(failure.getOriginalMessage().contains("app_typo"), failure.getMessage());
  }
}
