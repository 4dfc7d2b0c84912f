package io.dtscutover.worker.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.JobRef;
import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the worker finds a freeze target in its configuration, and how it says what is missing. */
class FreezeTargetsTest {
  private static final String SECRET = "s3cr3t-Pa55";

  @TempDir Path dir;

  private static Map<String, String> complete() {
    Map<String, String> env = new HashMap<>();
    env.put("CUTOVER_TARGET_ORDERS_DB_JDBC_URL", "jdbc:mysql://db.internal:3306/orders");
    env.put("CUTOVER_TARGET_ORDERS_DB_USER", "cutover");
    env.put("CUTOVER_TARGET_ORDERS_DB_PASSWORD", SECRET);
    env.put("CUTOVER_TARGET_ORDERS_DB_APP_ACCOUNTS", " shop , billing ,,");
    return env;
  }

  private static ApplicationFailure resolveFails(Map<String, String> env, String name) {
    return assertThrows(
        ApplicationFailure.class, () -> FreezeTargets.fromEnvironment(env).resolve(name));
  }

  @Test
  void aTargetNameMapsToUpperCaseVariablesWithUnderscores() {
    FreezeTarget target = FreezeTargets.fromEnvironment(complete()).resolve("orders-db");

    assertEquals(DatabaseKind.MYSQL, target.kind());
    assertEquals("cutover", target.user());
    assertEquals(SECRET, target.password().reveal());
    assertEquals(List.of("shop", "billing"), target.appAccounts());
    assertFalse(target.hasProbe());
    assertFalse(target.toString().contains(SECRET), target.toString());
  }

  @Test
  void anUnknownTargetNamesTheVariablesToSet() {
    ApplicationFailure failure = resolveFails(complete(), "billing-db");

    assertEquals(FreezeFailures.TARGET_UNKNOWN, failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(
        failure.getOriginalMessage().contains("CUTOVER_TARGET_BILLING_DB_JDBC_URL"),
        failure.getOriginalMessage());
  }

  @Test
  void aMissingUserOrPasswordNamesItsVariable() {
    Map<String, String> noUser = complete();
    noUser.remove("CUTOVER_TARGET_ORDERS_DB_USER");
    Map<String, String> noPassword = complete();
    noPassword.remove("CUTOVER_TARGET_ORDERS_DB_PASSWORD");

    ApplicationFailure user = resolveFails(noUser, "orders-db");
    ApplicationFailure password = resolveFails(noPassword, "orders-db");

    assertEquals(FreezeFailures.CONFIGURATION, user.getType());
    assertTrue(user.getOriginalMessage().contains("CUTOVER_TARGET_ORDERS_DB_USER"));
    assertEquals(FreezeFailures.CONFIGURATION, password.getType());
    assertTrue(password.getOriginalMessage().contains("CUTOVER_TARGET_ORDERS_DB_PASSWORD_FILE"));
  }

  @Test
  void aPasswordFileIsReadWithoutItsTrailingNewline() throws Exception {
    Path file = dir.resolve("password");
    Files.writeString(file, SECRET + "\n");
    Map<String, String> env = complete();
    env.remove("CUTOVER_TARGET_ORDERS_DB_PASSWORD");
    env.put("CUTOVER_TARGET_ORDERS_DB_PASSWORD_FILE", file.toString());

    assertEquals(
        SECRET, FreezeTargets.fromEnvironment(env).resolve("orders-db").password().reveal());
  }

  @Test
  void anUnreadablePasswordFileAndTwoPasswordsAreConfigurationErrors() {
    Map<String, String> missing = complete();
    missing.remove("CUTOVER_TARGET_ORDERS_DB_PASSWORD");
    missing.put("CUTOVER_TARGET_ORDERS_DB_PASSWORD_FILE", dir.resolve("absent").toString());
    Map<String, String> both = complete();
    both.put("CUTOVER_TARGET_ORDERS_DB_PASSWORD_FILE", dir.resolve("absent").toString());

    ApplicationFailure unreadable = resolveFails(missing, "orders-db");
    ApplicationFailure twice = resolveFails(both, "orders-db");

    assertEquals(FreezeFailures.CONFIGURATION, unreadable.getType());
    assertTrue(unreadable.getOriginalMessage().contains("CUTOVER_TARGET_ORDERS_DB_PASSWORD_FILE"));
    assertEquals(FreezeFailures.CONFIGURATION, twice.getType());
    assertFalse(twice.getMessage().contains(SECRET));
  }

  @Test
  void aPasswordInTheUrlIsRefusedWithoutRepeatingIt() {
    Map<String, String> query = complete();
    query.put(
        "CUTOVER_TARGET_ORDERS_DB_JDBC_URL",
        "jdbc:postgresql://db:5432/orders?user=x&password=" + SECRET);
    Map<String, String> userInfo = complete();
    userInfo.put("CUTOVER_TARGET_ORDERS_DB_JDBC_URL", "jdbc:mysql://x:" + SECRET + "@db/orders");

    for (Map<String, String> env : List.of(query, userInfo)) {
      ApplicationFailure failure = resolveFails(env, "orders-db");
      assertEquals(FreezeFailures.CONFIGURATION, failure.getType());
      assertTrue(failure.getOriginalMessage().contains("CUTOVER_TARGET_ORDERS_DB_PASSWORD"));
      assertFalse(failure.getMessage().contains(SECRET), failure.getMessage());
    }
  }

  @Test
  void tlsThatDoesNotVerifyTheServerIsRefused() {
    for (String url :
        List.of(
            "jdbc:postgresql://db:5432/orders?sslmode=require",
            "jdbc:mariadb://db:3306/orders?sslMode=trust",
            "jdbc:mysql://db:3306/orders?useSsl=true&trustServerCertificate=true")) {
      Map<String, String> env = complete();
      env.put("CUTOVER_TARGET_ORDERS_DB_JDBC_URL", url);

      ApplicationFailure failure = resolveFails(env, "orders-db");

      assertEquals(FreezeFailures.CONFIGURATION, failure.getType(), url);
      assertTrue(failure.getOriginalMessage().contains("verify-full"), url);
    }
    Map<String, String> verified = complete();
    verified.put(
        "CUTOVER_TARGET_ORDERS_DB_JDBC_URL",
        "jdbc:postgresql://db:5432/orders?sslmode=verify-full");
    assertEquals("cutover", FreezeTargets.fromEnvironment(verified).resolve("orders-db").user());
  }

  @Test
  void theFreezeAccountCannotAlsoBeAnApplicationAccount() {
    Map<String, String> env = complete();
    env.put("CUTOVER_TARGET_ORDERS_DB_APP_ACCOUNTS", "shop,cutover");

    ApplicationFailure failure = resolveFails(env, "orders-db");

    assertEquals(FreezeFailures.CONFIGURATION, failure.getType());
    assertTrue(failure.getOriginalMessage().contains("lock itself out"));
  }

  @Test
  void aUrlForAnotherDatabaseIsAConfigurationError() {
    Map<String, String> env = complete();
    env.put("CUTOVER_TARGET_ORDERS_DB_JDBC_URL", "jdbc:oracle:thin:@db:1521/orders");

    ApplicationFailure failure = resolveFails(env, "orders-db");

    assertEquals(FreezeFailures.CONFIGURATION, failure.getType());
    assertTrue(failure.getOriginalMessage().contains("jdbc:postgresql://"));
  }

  @Test
  void aTargetsFileOffersTheSameSettingsAndTheEnvironmentWins() throws Exception {
    Path file = dir.resolve("targets.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "CUTOVER_TARGET_LEDGER_DB_JDBC_URL=jdbc:postgresql://ledger:5432/ledger",
            "CUTOVER_TARGET_LEDGER_DB_USER=from-file",
            "CUTOVER_TARGET_LEDGER_DB_PASSWORD=" + SECRET,
            "CUTOVER_TARGET_LEDGER_DB_SCHEMAS=public, sales"));
    Map<String, String> env =
        Map.of(
            FreezeTargets.FILE_VARIABLE,
            file.toString(),
            "CUTOVER_TARGET_LEDGER_DB_USER",
            "from-env");

    FreezeTarget target = FreezeTargets.fromEnvironment(env).resolve("ledger-db");

    assertEquals(DatabaseKind.POSTGRESQL, target.kind());
    assertEquals("from-env", target.user());
    assertEquals(List.of("public", "sales"), target.schemas());
  }

  @Test
  void aMissingTargetsFileStopsTheWorkerAtStartNamingIt() {
    Map<String, String> env = Map.of(FreezeTargets.FILE_VARIABLE, "/nonexistent/targets");

    IllegalArgumentException failure =
        assertThrows(IllegalArgumentException.class, () -> FreezeTargets.fromEnvironment(env));

    assertTrue(failure.getMessage().contains("/nonexistent/targets"), failure.getMessage());
  }

  @Test
  void aStrategyForAnotherDatabaseIsRefusedBeforeConnecting() {
    WriteFreezeActivities activities = WriteFreezeActivitiesImpl.fromEnvironment(complete());
    FreezeSpec spec =
        new FreezeSpec(FreezeStrategy.PG_REVOKE, "orders-db", JobRef.of("cn-hangzhou", "j"), "c");

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> activities.prepare(spec));

    assertEquals(FreezeFailures.UNSUPPORTED, failure.getType());
    assertTrue(failure.getOriginalMessage().contains("MySQL/MariaDB"));
  }

  @Test
  void manualAndNoneAreTheWorkflowsBusinessAndRefusedHere() {
    WriteFreezeActivities activities = WriteFreezeActivitiesImpl.fromEnvironment(Map.of());
    for (FreezeStrategy strategy : List.of(FreezeStrategy.MANUAL, FreezeStrategy.NONE)) {
      FreezeSpec spec = new FreezeSpec(strategy, null, JobRef.of("cn-hangzhou", "j"), "c");

      ApplicationFailure failure =
          assertThrows(ApplicationFailure.class, () -> activities.prepare(spec));

      assertEquals(FreezeFailures.UNSUPPORTED, failure.getType());
      assertTrue(failure.isNonRetryable());
    }
  }
}
