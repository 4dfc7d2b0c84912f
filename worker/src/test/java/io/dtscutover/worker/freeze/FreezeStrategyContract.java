package io.dtscutover.worker.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dtscutover.dts.JobRef;
import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The behaviour every database freeze strategy promises, run against a real server by each
 * strategy's test class: the application writes before the freeze, cannot while frozen, writes
 * again after; the source ends exactly as it was; freeze and unfreeze are idempotent; a write that
 * gets through is a breach; bad configuration fails clearly and changes nothing; no secret leaks.
 */
abstract class FreezeStrategyContract {
  static final String TARGET = "orders-db";
  static final String APP_PASSWORD = "App-Pa55-0rders-db";
  static final String WRONG_PASSWORD = "Wr0ng-Pa55-guess";

  private final List<FreezeReceipt> receipts = new ArrayList<>();

  abstract FreezeStrategy strategy();

  /** The target's settings, keyed without the {@code CUTOVER_TARGET_ORDERS_DB_} prefix. */
  abstract Map<String, String> targetSettings();

  /** A new connection as the application account. */
  abstract Connection appConnection() throws SQLException;

  /** One ordinary application write on {@code connection}: a row into the {@code orders} table. */
  void write(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("INSERT INTO orders (note) VALUES ('app')");
    }
  }

  /** The variables and privileges the strategy touches, as text, for exact comparison. */
  abstract String sourceState() throws SQLException;

  /** A write by an account the freeze does not stop, standing for a writer nobody knew about. */
  abstract void writeBypassingTheFreeze() throws SQLException;

  /** Every secret of the setup: passwords and, where the server keeps them, password hashes. */
  abstract List<String> secrets() throws SQLException;

  @Override
  public String toString() {
    return strategy().cliName();
  }

  /**
   * The settings of a target reached at {@code jdbcUrl} as {@code admin}, with {@code app}
   * (password {@link #APP_PASSWORD}) as its one application account and as the probe.
   */
  static Map<String, String> targetSettings(
      String jdbcUrl, String admin, String adminPassword, String app) {
    return Map.of(
        FreezeTargets.JDBC_URL,
        jdbcUrl,
        FreezeTargets.USER,
        admin,
        FreezeTargets.PASSWORD,
        adminPassword,
        FreezeTargets.APP_ACCOUNTS,
        app,
        FreezeTargets.PROBE_USER,
        app,
        FreezeTargets.PROBE_PASSWORD,
        APP_PASSWORD);
  }

  static Map<String, String> env(Map<String, String> settings) {
    Map<String, String> env = new HashMap<>();
    settings.forEach((key, value) -> env.put(FreezeTargets.variable(TARGET, key), value));
    return env;
  }

  WriteFreezeActivities activities() {
    return WriteFreezeActivitiesImpl.fromEnvironment(env(targetSettings()));
  }

  WriteFreezeActivities activities(Map<String, String> changes) {
    Map<String, String> settings = new HashMap<>(targetSettings());
    changes.forEach(
        (key, value) -> {
          if (value == null) {
            settings.remove(key);
          } else {
            settings.put(key, value);
          }
        });
    return WriteFreezeActivitiesImpl.fromEnvironment(env(settings));
  }

  FreezeSpec spec() {
    return new FreezeSpec(
        strategy(), TARGET, JobRef.of("cn-hangzhou", "dtsjob-test"), "cutover-test");
  }

  /** Prepares with {@code activities}, remembering the receipt so the source is restored after. */
  FreezeReceipt prepare(WriteFreezeActivities activities) {
    FreezeReceipt receipt = activities.prepare(spec());
    receipts.add(receipt);
    return receipt;
  }

  @AfterEach
  void restoreTheSource() {
    Collections.reverse(receipts);
    receipts.forEach(receipt -> activities().unfreeze(receipt));
    receipts.clear();
  }

  void appWrites() throws SQLException {
    try (Connection connection = appConnection()) {
      write(connection);
    }
  }

  void appCannotWrite() {
    assertThrows(SQLException.class, this::appWrites, "the application could write while frozen");
  }

  static ApplicationFailure failure(Executable call) {
    return assertThrows(ApplicationFailure.class, call);
  }

  void assertNoSecretIn(String text) throws SQLException {
    for (String secret : secrets()) {
      assertFalse(text.contains(secret), "a secret leaked into: " + text.replace(secret, "<!>"));
    }
  }

  static String json(Object value) {
    return new String(
        DefaultDataConverter.newDefaultInstance()
            .toPayload(value)
            .orElseThrow()
            .getData()
            .toByteArray(),
        StandardCharsets.UTF_8);
  }

  /** Calls verify until it fails, for at most {@code timeout}; the failure it ended with. */
  static ApplicationFailure awaitVerifyFailure(
      WriteFreezeActivities activities, FreezeReceipt receipt, FreezeProof baseline) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(deadline)) {
      try {
        activities.verify(receipt, baseline);
      } catch (ApplicationFailure failure) {
        return failure;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return fail("verify did not notice the write within 30s");
  }

  @Test
  void appWritesBeforeTheFreezeFailsWhileFrozenAndWritesAgainAfterUnfreeze() throws Exception {
    appWrites();
    String before = sourceState();
    WriteFreezeActivities activities = activities();

    FreezeReceipt receipt = prepare(activities);
    assertEquals(before, sourceState(), "prepare changed the source");
    appWrites();

    FreezeProof proof = activities.freeze(receipt);
    appCannotWrite();
    assertTrue(
        proof.checks().stream().anyMatch(check -> check.contains("was refused")),
        "the probe write was not refused: " + proof.checks());
    assertFalse(proof.writeCounters().isEmpty());
    // The freeze's own statements must not count as writes, however often verify runs.
    assertEquals(proof.writeCounters(), activities.verify(receipt, proof).writeCounters());
    assertEquals(proof.writeCounters(), activities.verify(receipt, proof).writeCounters());

    activities.unfreeze(receipt);
    assertEquals(before, sourceState(), "unfreeze did not restore the source exactly");
    appWrites();
  }

  @Test
  void aSessionOpenedBeforeTheFreezeCannotWriteWhileFrozen() throws Exception {
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = prepare(activities);
    try (Connection early = appConnection()) {
      write(early);
      activities.freeze(receipt);
      assertThrows(SQLException.class, () -> write(early));
    }
    activities.unfreeze(receipt);
    appWrites();
  }

  @Test
  void freezeTwiceAndUnfreezeTwiceLeaveTheSameState() throws Exception {
    String before = sourceState();
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = prepare(activities);

    activities.freeze(receipt);
    String frozen = sourceState();
    FreezeProof second = activities.freeze(receipt);
    assertEquals(frozen, sourceState());
    appCannotWrite();
    activities.verify(receipt, second);

    activities.unfreeze(receipt);
    activities.unfreeze(receipt);
    assertEquals(before, sourceState());
    appWrites();
  }

  /**
   * The cutover restores the source, the application writes again, then the freeze guard restores
   * it once more from another worker with the same receipt (its release was lost): nothing changes.
   */
  @Test
  void unfreezeTwiceLeavesTheSourceAsItWas() throws Exception {
    String before = sourceState();
    WriteFreezeActivities cutover = activities();
    FreezeReceipt receipt = prepare(cutover);
    cutover.freeze(receipt);
    cutover.unfreeze(receipt);
    appWrites();

    activities().unfreeze(receipt);

    assertEquals(before, sourceState(), "the second restore changed the source");
    appWrites();
  }

  /**
   * The cutover and its guard restore at the same moment (the cutover's own restore was slow): both
   * finish, a retryable failure at most, as the activity's retry policy would, and the source ends
   * as it was.
   */
  @Test
  void twoRestoresAtOnceLeaveTheSourceAsItWas() throws Exception {
    String before = sourceState();
    FreezeReceipt receipt = prepare(activities());
    activities().freeze(receipt);

    List<Thread> restores = new ArrayList<>();
    List<ApplicationFailure> failures = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 2; i++) {
      WriteFreezeActivities worker = activities();
      Thread restore =
          new Thread(
              () -> {
                try {
                  worker.unfreeze(receipt);
                } catch (ApplicationFailure failure) {
                  failures.add(failure);
                }
              });
      restores.add(restore);
      restore.start();
    }
    for (Thread restore : restores) {
      restore.join(Duration.ofSeconds(60).toMillis());
      assertFalse(restore.isAlive(), "a restore hung");
    }
    for (ApplicationFailure failure : failures) {
      assertFalse(failure.isNonRetryable(), failure.getMessage());
      activities().unfreeze(receipt); // the retry
    }

    assertEquals(before, sourceState(), "two restores at once changed the source");
    appWrites();
  }

  @Test
  void unfreezeWithoutAFreezeChangesNothing() throws Exception {
    String before = sourceState();
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = prepare(activities);
    activities.unfreeze(receipt);
    assertEquals(before, sourceState());
    appWrites();
  }

  @Test
  void aWriteWhileFrozenIsABreach() throws Exception {
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = prepare(activities);
    FreezeProof baseline = activities.freeze(receipt);

    writeBypassingTheFreeze();

    ApplicationFailure breach = awaitVerifyFailure(activities, receipt, baseline);
    assertEquals(FreezeFailures.BREACHED, breach.getType());
    assertTrue(breach.isNonRetryable());
    assertTrue(breach.getOriginalMessage().contains(TARGET), breach.getOriginalMessage());
  }

  @Test
  void anUnknownTargetFailsFastNamingTheVariableToSet() throws Exception {
    String before = sourceState();
    FreezeSpec unknown =
        new FreezeSpec(strategy(), "billing-db", JobRef.of("cn-hangzhou", "j"), "cutover-test");

    ApplicationFailure failure = failure(() -> activities().prepare(unknown));

    assertEquals(FreezeFailures.TARGET_UNKNOWN, failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(
        failure.getOriginalMessage().contains("CUTOVER_TARGET_BILLING_DB_JDBC_URL"),
        failure.getOriginalMessage());
    assertEquals(before, sourceState());
  }

  @Test
  void aWrongPasswordIsRefusedClearlyAndChangesNothing() throws Exception {
    String before = sourceState();
    WriteFreezeActivities wrong = activities(Map.of(FreezeTargets.PASSWORD, WRONG_PASSWORD));

    ApplicationFailure onPrepare = failure(() -> wrong.prepare(spec()));
    FreezeReceipt receipt = prepare(activities());
    ApplicationFailure onFreeze = failure(() -> wrong.freeze(receipt));

    for (ApplicationFailure failure : List.of(onPrepare, onFreeze)) {
      assertEquals(FreezeFailures.AUTH_FAILED, failure.getType());
      assertTrue(failure.isNonRetryable());
      assertTrue(
          failure.getOriginalMessage().contains("CUTOVER_TARGET_ORDERS_DB_PASSWORD"),
          failure.getOriginalMessage());
      assertFalse(failure.getMessage().contains(WRONG_PASSWORD));
      assertNoSecretIn(failure.getMessage());
    }
    assertEquals(before, sourceState());
    appWrites();
  }

  @Test
  void anUnknownDatabaseIsAConfigurationErrorAndAnUnreachableOneIsRetried() throws Exception {
    String url = targetSettings().get(FreezeTargets.JDBC_URL);
    WriteFreezeActivities unknownDatabase =
        activities(Map.of(FreezeTargets.JDBC_URL, url.replaceFirst("/[^/]+$", "/no_such_db")));
    WriteFreezeActivities unreachable =
        activities(Map.of(FreezeTargets.JDBC_URL, url.replaceFirst(":\\d+/", ":1/")));

    ApplicationFailure unknown = failure(() -> unknownDatabase.prepare(spec()));
    ApplicationFailure down = failure(() -> unreachable.prepare(spec()));

    assertEquals(FreezeFailures.CONFIGURATION, unknown.getType(), unknown.getMessage());
    assertTrue(unknown.getOriginalMessage().contains("CUTOVER_TARGET_ORDERS_DB_JDBC_URL"));
    assertEquals(DatabaseFailures.UNAVAILABLE, down.getType(), down.getMessage());
    assertFalse(down.isNonRetryable());
    assertNoSecretIn(unknown.getMessage() + down.getMessage());
  }

  @Test
  void unfreezeFailuresAreRetryableSoTheWorkflowKeepsTrying() throws Exception {
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = prepare(activities);
    activities.freeze(receipt);

    ApplicationFailure failure =
        failure(() -> activities(Map.of(FreezeTargets.PASSWORD, WRONG_PASSWORD)).unfreeze(receipt));

    assertEquals(WriteFreezeActivitiesImpl.RESTORE_FAILED, failure.getType());
    assertFalse(failure.isNonRetryable());
    assertTrue(failure.getOriginalMessage().contains(FreezeFailures.AUTH_FAILED));
    assertFalse(failure.getMessage().contains(WRONG_PASSWORD));
    appCannotWrite();
    activities.unfreeze(receipt); // the fixed configuration's retry succeeds
    appWrites();
  }

  @Test
  void noSecretReachesTheReceiptTheProofOrTheirSerializedForm() throws Exception {
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = prepare(activities);
    FreezeProof proof = activities.freeze(receipt);
    FreezeProof verified = activities.verify(receipt, proof);

    for (Object value : List.of(receipt, proof, verified)) {
      assertNoSecretIn(value.toString());
      assertNoSecretIn(json(value));
    }
  }

  @Test
  void withoutAProbeAccountTheFreezeIsProvenByItsStateAlone() throws Exception {
    Map<String, String> noProbe = new HashMap<>();
    noProbe.put(FreezeTargets.PROBE_USER, null);
    noProbe.put(FreezeTargets.PROBE_PASSWORD, null);
    WriteFreezeActivities activities = activities(noProbe);
    FreezeReceipt receipt = prepare(activities);

    FreezeProof proof = activities.freeze(receipt);

    assertTrue(
        proof.checks().stream().anyMatch(check -> check.startsWith("no probe")), proof.toString());
    appCannotWrite();
    activities.unfreeze(receipt);
    appWrites();
  }
}
