package io.dtscutover.worker.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeReceipt;
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

/**
 * {@code pg-revoke} against a real PostgreSQL server, with tables owned by another role, two
 * schemas, a grant option, a column privilege and a privilege granted by a role other than the
 * owner.
 */
class PgRevokeFreezeIT extends PgFreezeContract {
  private static final String DB = "shop_prv";
  private static final String APP = "app_prv";

  PgRevokeFreezeIT() {
    super(DB, APP);
  }

  @BeforeAll
  static void createShop() throws SQLException {
    PostgresServer server = PostgresServer.shared();
    server.createOnce(
        DB,
        List.of(
            "CREATE ROLE " + APP + " LOGIN PASSWORD '" + APP_PASSWORD + "'",
            "CREATE ROLE shop_owner NOLOGIN",
            "CREATE ROLE shop_lead NOLOGIN"),
        "CREATE SCHEMA sales",
        "CREATE TABLE public.orders (id serial PRIMARY KEY, note text)",
        "CREATE TABLE public.audit (id serial PRIMARY KEY, note text, done int)",
        "CREATE TABLE sales.ledger (id serial PRIMARY KEY, amount int)",
        "ALTER TABLE public.orders OWNER TO shop_owner",
        "ALTER TABLE public.audit OWNER TO shop_owner",
        "ALTER TABLE sales.ledger OWNER TO shop_owner",
        "GRANT USAGE ON SCHEMA sales TO " + APP,
        "GRANT SELECT, INSERT, UPDATE, DELETE ON public.orders TO " + APP,
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public, sales TO " + APP,
        "GRANT SELECT, UPDATE (done) ON public.audit TO " + APP,
        "GRANT SELECT, INSERT, TRUNCATE ON sales.ledger TO " + APP + " WITH GRANT OPTION",
        "GRANT DELETE ON public.audit TO shop_lead WITH GRANT OPTION",
        "SET ROLE shop_lead",
        "GRANT DELETE ON public.audit TO " + APP,
        "RESET ROLE");
  }

  @Override
  FreezeStrategy strategy() {
    return FreezeStrategy.PG_REVOKE;
  }

  @Override
  void writeBypassingTheFreeze() throws SQLException {
    server.exec(DB, "INSERT INTO sales.ledger (amount) VALUES (1)");
  }

  @Test
  void theReceiptRecordsEachPrivilegeWithItsGrantorAndGrantOption() {
    FreezeReceipt receipt = prepare(activities());
    List<String> entries = receipt.revokedPrivileges();

    // orders: INSERT, UPDATE, DELETE; audit: DELETE (by shop_lead), UPDATE (done); ledger:
    // INSERT, TRUNCATE with grant option. SELECT stays.
    assertEquals(7, entries.size(), entries.toString());
    assertTrue(
        entries.contains(
            "{\"schema\":\"public\",\"table\":\"audit\",\"grantee\":\"app_prv\","
                + "\"grantor\":\"shop_lead\",\"privilege\":\"DELETE\",\"grantable\":false}"),
        entries.toString());
    assertTrue(
        entries.contains(
            "{\"schema\":\"sales\",\"table\":\"ledger\",\"grantee\":\"app_prv\","
                + "\"grantor\":\"shop_owner\",\"privilege\":\"TRUNCATE\",\"grantable\":true}"),
        entries.toString());
    assertTrue(
        entries.contains(
            "{\"schema\":\"public\",\"table\":\"audit\",\"column\":\"done\","
                + "\"grantee\":\"app_prv\",\"grantor\":\"shop_owner\",\"privilege\":\"UPDATE\","
                + "\"grantable\":false}"),
        entries.toString());
    assertEquals("public,sales", receipt.previousSettings().get("schemas"));
  }

  @Test
  void aFreezeCutShortHalfWayIsFinishedByARetryAndUndoneExactly() throws Exception {
    String before = sourceState();
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = prepare(activities);
    List<PgPrivilege> privileges =
        ReceiptEntries.read(receipt.revokedPrivileges(), PgPrivilege.class);
    // A freeze whose transaction never committed leaves nothing; one cut short by hand leaves some.
    String[] someRevoked =
        privileges.stream()
            .filter(privilege -> privilege.grantor().equals("shop_owner"))
            .limit(3)
            .map(PgPrivilege::revokeSql)
            .toArray(String[]::new);
    server.exec(DB, someRevoked);

    activities.unfreeze(receipt);
    assertEquals(before, sourceState());

    server.exec(DB, someRevoked);
    activities.freeze(receipt);
    appCannotWrite();
    activities.unfreeze(receipt);
    assertEquals(before, sourceState());
    appWrites();
  }

  @Test
  void onlyTheConfiguredSchemasAreFrozen() throws Exception {
    WriteFreezeActivities activities = activities(Map.of(FreezeTargets.SCHEMAS, "public"));
    FreezeReceipt receipt = prepare(activities);
    activities.freeze(receipt);

    appCannotWrite();
    try (Connection connection = appConnection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO sales.ledger (amount) VALUES (2)");
    }
  }

  @Test
  void aWritePrivilegeThroughPublicMeansTheFreezeDoesNotHold() throws Exception {
    String before = sourceState();
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = prepare(activities);
    server.exec(DB, "GRANT INSERT ON public.audit TO PUBLIC");
    try {
      ApplicationFailure failure = failure(() -> activities.freeze(receipt));
      assertEquals(FreezeFailures.NOT_HELD, failure.getType());
      assertTrue(failure.getOriginalMessage().contains("public.audit"), failure.getMessage());
    } finally {
      server.exec(DB, "REVOKE INSERT ON public.audit FROM PUBLIC");
    }
    activities.unfreeze(receipt);
    assertEquals(before, sourceState());
  }

  @Test
  void aTableOwnedByAnApplicationRoleIsRefusedBeforeAnyChange() throws Exception {
    server.exec(
        DB,
        "CREATE TABLE public.app_owned (id int)",
        "ALTER TABLE public.app_owned OWNER TO " + APP);
    try {
      String before = sourceState();
      ApplicationFailure failure = failure(() -> activities().prepare(spec()));
      assertEquals(FreezeFailures.UNSUPPORTED, failure.getType());
      assertTrue(failure.getOriginalMessage().contains("public.app_owned"), failure.getMessage());
      assertEquals(before, sourceState());
    } finally {
      server.exec(DB, "DROP TABLE public.app_owned");
    }
  }

  @Test
  void anUnknownSchemaIsAConfigurationError() {
    ApplicationFailure failure =
        failure(() -> activities(Map.of(FreezeTargets.SCHEMAS, "public,billing")).prepare(spec()));
    assertEquals(FreezeFailures.CONFIGURATION, failure.getType());
    assertTrue(
        failure.getOriginalMessage().contains("CUTOVER_TARGET_ORDERS_DB_SCHEMAS"),
        failure.getMessage());
  }
}
