package io.dtscutover.worker.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code pg-read-only} against a real PostgreSQL server. */
class PgReadOnlyFreezeIT extends PgFreezeContract {
  private static final String DB = "shop_pro";
  private static final String APP = "app_pro";

  PgReadOnlyFreezeIT() {
    super(DB, APP);
  }

  @BeforeAll
  static void createShop() throws SQLException {
    PostgresServer server = PostgresServer.shared();
    server.createOnce(
        DB,
        List.of("CREATE ROLE " + APP + " LOGIN PASSWORD '" + APP_PASSWORD + "'"),
        "CREATE TABLE orders (id serial PRIMARY KEY, note text)",
        "GRANT SELECT, INSERT, UPDATE, DELETE ON orders TO " + APP,
        "GRANT USAGE ON SEQUENCE orders_id_seq TO " + APP);
  }

  @Override
  FreezeStrategy strategy() {
    return FreezeStrategy.PG_READ_ONLY;
  }

  @Override
  void writeBypassingTheFreeze() throws SQLException {
    // A session may opt out of the database default; nothing but the counters can see that.
    try (Connection connection = appConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
      statement.executeUpdate("INSERT INTO orders (note) VALUES ('opted out')");
    }
  }

  @Test
  void theDatabasesOwnSettingsAreRestoredExactly() throws Exception {
    server.exec(
        DB,
        "ALTER DATABASE " + DB + " SET work_mem = '8MB'",
        "ALTER DATABASE " + DB + " SET default_transaction_read_only = off",
        "ALTER DATABASE " + DB + " SET statement_timeout = '1min'");
    try {
      String before = sourceState();
      WriteFreezeActivities activities = activities();
      FreezeReceipt receipt = prepare(activities);
      assertEquals("off", receipt.previousSettings().get("default_transaction_read_only"));

      activities.freeze(receipt);
      appCannotWrite();
      activities.unfreeze(receipt);

      assertEquals(before, sourceState());
      appWrites();
    } finally {
      server.exec(DB, "ALTER DATABASE " + DB + " RESET ALL");
    }
  }

  @Test
  void aSessionOpenedWhileFrozenIsEndedByUnfreezeSoItDoesNotStayReadOnly() throws Exception {
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = prepare(activities);
    activities.freeze(receipt);
    try (Connection during = appConnection()) {
      assertThrows(SQLException.class, () -> write(during));
      activities.unfreeze(receipt);
      assertFalse(during.isValid(5), "a session opened while frozen survived the unfreeze");
    }
    appWrites();
  }

  @Test
  void aSuperuserApplicationRoleIsRefusedBeforeAnyChange() throws Exception {
    server.exec(
        DB,
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app_super')"
            + " THEN CREATE ROLE app_super LOGIN SUPERUSER; END IF; END $$");
    String before = sourceState();
    ApplicationFailure failure =
        failure(
            () ->
                activities(Map.of(FreezeTargets.APP_ACCOUNTS, APP + ",app_super")).prepare(spec()));
    assertEquals(FreezeFailures.UNSUPPORTED, failure.getType());
    assertTrue(failure.getOriginalMessage().contains("superuser"), failure.getMessage());
    assertEquals(before, sourceState());
  }

  @Test
  void anApplicationRoleWithItsOwnReadWriteDefaultIsRefusedBeforeAnyChange() throws Exception {
    server.exec(
        DB,
        "ALTER ROLE " + APP + " IN DATABASE " + DB + " SET default_transaction_read_only = off");
    try {
      String before = sourceState();
      ApplicationFailure failure = failure(() -> activities().prepare(spec()));
      assertEquals(FreezeFailures.UNSUPPORTED, failure.getType());
      assertTrue(failure.getOriginalMessage().contains("ALTER ROLE"), failure.getMessage());
      assertEquals(before, sourceState());
    } finally {
      server.exec(
          DB, "ALTER ROLE " + APP + " IN DATABASE " + DB + " RESET default_transaction_read_only");
    }
  }

  @Test
  void aMySqlStrategyOnThisTargetIsRefused() {
    FreezeSpec spec =
        new FreezeSpec(FreezeStrategy.MYSQL_READ_ONLY, TARGET, spec().job(), "cutover-test");
    ApplicationFailure failure = failure(() -> activities().prepare(spec));
    assertEquals(FreezeFailures.UNSUPPORTED, failure.getType());
  }
}
