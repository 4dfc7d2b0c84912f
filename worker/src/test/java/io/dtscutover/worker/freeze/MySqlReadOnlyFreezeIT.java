package io.dtscutover.worker.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code mysql-read-only} against a real MariaDB server. */
class MySqlReadOnlyFreezeIT extends MySqlFreezeContract {
  private static final String DB = "shop_ro";
  private static final String APP = "app_ro";

  MySqlReadOnlyFreezeIT() {
    super(DB, APP);
  }

  @BeforeAll
  static void createShop() throws SQLException {
    MariaDbServer server = MariaDbServer.shared();
    server.exec(
        "CREATE DATABASE IF NOT EXISTS " + DB,
        "CREATE TABLE IF NOT EXISTS "
            + DB
            + ".orders (id INT AUTO_INCREMENT PRIMARY KEY,"
            + " note VARCHAR(40)) ENGINE=InnoDB",
        "CREATE USER IF NOT EXISTS '" + APP + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON " + DB + ".* TO '" + APP + "'@'%'");
  }

  @Override
  FreezeStrategy strategy() {
    return FreezeStrategy.MYSQL_READ_ONLY;
  }

  @Test
  void theReceiptRecordsTheVariablesItWillChange() {
    FreezeReceipt receipt = prepare(activities());
    assertEquals("OFF", receipt.previousSettings().get("read_only"));
    assertEquals(List.of("'" + APP + "'@'%'"), receipt.applicationAccounts());
  }

  @Test
  void aSourceAlreadyReadOnlyStaysReadOnlyAfterUnfreeze() throws Exception {
    server.exec("SET GLOBAL read_only = ON");
    try {
      WriteFreezeActivities activities = activities();
      // Not prepare(activities): its receipt would be restored after the test, to read_only ON,
      // after the finally below set it OFF, and leave the shared server read-only for the next.
      FreezeReceipt receipt = activities.prepare(spec());
      assertEquals("ON", receipt.previousSettings().get("read_only"));
      activities.freeze(receipt);
      activities.unfreeze(receipt);
      assertEquals("1", globalReadOnly());
    } finally {
      // The receipt's restore (after each test) would set read_only back ON: run it now, then
      // put the shared server back, so the tests after this one find it writable.
      restoreTheSource();
      server.exec("SET GLOBAL read_only = OFF");
    }
  }

  @Test
  void anApplicationAccountThatWritesThroughReadOnlyIsRefusedBeforeAnyChange() throws Exception {
    server.exec(
        "CREATE USER IF NOT EXISTS 'app_admin'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'",
        "GRANT READ ONLY ADMIN ON *.* TO 'app_admin'@'%'");
    try {
      String before = sourceState();
      ApplicationFailure failure =
          failure(
              () ->
                  activities(Map.of(FreezeTargets.APP_ACCOUNTS, APP + ",app_admin"))
                      .prepare(spec()));
      assertEquals(FreezeFailures.UNSUPPORTED, failure.getType());
      assertTrue(failure.getOriginalMessage().contains("mysql-revoke"), failure.getMessage());
      assertEquals(before, sourceState());
    } finally {
      server.exec("DROP USER 'app_admin'@'%'");
    }
  }

  @Test
  void aPostgresStrategyOnThisTargetIsRefused() {
    FreezeSpec spec =
        new FreezeSpec(FreezeStrategy.PG_READ_ONLY, TARGET, spec().job(), "cutover-test");
    ApplicationFailure failure = failure(() -> activities().prepare(spec));
    assertEquals(FreezeFailures.UNSUPPORTED, failure.getType());
  }

  private String globalReadOnly() throws SQLException {
    try (Connection connection = server.admin();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT @@GLOBAL.read_only")) {
      rows.next();
      return rows.getString(1);
    }
  }
}
