package io.dtscutover.dts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.WaitCondition.ReadingVerdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WaitConditionTest {
  private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

  private static JobSnapshot reading(String status, String incremental, Long delay) {
    return new JobSnapshot(
        JobRef.of("cn-hangzhou", "j1"),
        "job",
        JobStatus.fromDts(status),
        status,
        true,
        true,
        IncrementalStatus.fromDts(incremental),
        incremental,
        FullLoadStatus.FINISHED,
        "Finished",
        delay,
        "PostPaid",
        null,
        "r1",
        Instant.EPOCH);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "synchronizing, SYNCHRONIZING",
    "Synchronizing, SYNCHRONIZING",
    "Failed, FAILED",
    "MigrationFailed, FAILED",
    "Suspending, PAUSED",
    "Finished, FINISHED",
    "PreCheckPass, PRECHECK_PASSED",
    "Upgrade, UPGRADING",
    "SomethingNew, UNKNOWN"
  })
  void dtsStatusSpellingsMapToOneState(String raw, JobStatus expected) {
    assertEquals(expected, JobStatus.fromDts(raw));
  }

  @Test
  void caughtUpNeedsZeroDelayAndCatched() {
    assertTrue(reading("Migrating", "Catched", 0L).caughtUp());
    assertFalse(reading("Migrating", "Migrating", 0L).caughtUp(), "zero delay but not Catched");
    assertFalse(reading("Migrating", "Catched", 1L).caughtUp());
    assertFalse(reading("Migrating", "Catched", null).caughtUp(), "unknown delay");
  }

  @Test
  void lagThresholdIsInclusiveAndNeedsAKnownDelay() {
    assertEquals(
        ReadingVerdict.MET,
        WaitCondition.LAG_AT_MOST.evaluate(reading("Migrating", "Migrating", 5000L), FIVE_SECONDS));
    assertEquals(
        ReadingVerdict.NOT_YET,
        WaitCondition.LAG_AT_MOST.evaluate(reading("Migrating", "Migrating", 5001L), FIVE_SECONDS));
    assertEquals(
        ReadingVerdict.NOT_YET,
        WaitCondition.LAG_AT_MOST.evaluate(reading("Migrating", "Migrating", null), FIVE_SECONDS));
    assertEquals(
        ReadingVerdict.NOT_YET,
        WaitCondition.LAG_AT_MOST.evaluate(reading("Migrating", "NotStarted", 0L), FIVE_SECONDS),
        "still in full load");
  }

  @Test
  void waitingEndsAsUnsafeWhenTheTaskStopsRunning() {
    for (String status : new String[] {"Failed", "Suspending", "Reticulating", "Locked"}) {
      assertEquals(
          ReadingVerdict.UNSAFE,
          WaitCondition.CAUGHT_UP.evaluate(reading(status, "Catched", 0L), FIVE_SECONDS),
          status);
    }
  }

  @Test
  void afterAStopOnlyFinishedEndsTheWait() {
    assertEquals(
        ReadingVerdict.NOT_YET,
        WaitCondition.STOPPED.evaluate(reading("Migrating", "Catched", 0L), FIVE_SECONDS));
    assertEquals(
        ReadingVerdict.NOT_YET,
        WaitCondition.STOPPED.evaluate(reading("Failed", "Catched", 0L), FIVE_SECONDS));
    assertEquals(
        ReadingVerdict.MET,
        WaitCondition.STOPPED.evaluate(reading("Finished", "Finished", 0L), FIVE_SECONDS));
  }

  @Test
  void fullLoadThatFailsIsUnsafe() {
    assertEquals(
        ReadingVerdict.UNSAFE,
        WaitCondition.FULL_LOAD_FINISHED.evaluate(reading("Failed", null, null), FIVE_SECONDS));
    assertEquals(
        ReadingVerdict.MET,
        WaitCondition.FULL_LOAD_FINISHED.evaluate(reading("Finished", null, null), FIVE_SECONDS));
  }

  @ParameterizedTest(name = "task Migrating, incremental {0} -> UNSAFE")
  @CsvSource({"Failed", "Suspending", "Finished", "SomethingNew"})
  void incrementalModuleThatCannotRecoverIsUnsafeWhileTheTaskSaysMigrating(String incremental) {
    for (WaitCondition condition :
        new WaitCondition[] {
          WaitCondition.INCREMENTAL_RUNNING, WaitCondition.LAG_AT_MOST, WaitCondition.CAUGHT_UP
        }) {
      assertEquals(
          ReadingVerdict.UNSAFE,
          condition.evaluate(reading("Migrating", incremental, 0L), FIVE_SECONDS),
          condition + " with incremental " + incremental);
    }
  }

  @Test
  void initializingNeverCountsAsCaughtUp() {
    JobSnapshot initializing = reading("Initializing", "Catched", 0L);
    assertEquals(
        ReadingVerdict.NOT_YET,
        WaitCondition.CAUGHT_UP.evaluate(initializing, FIVE_SECONDS),
        "catch-up");
    assertEquals(
        ReadingVerdict.NOT_YET,
        WaitCondition.LAG_AT_MOST.evaluate(initializing, FIVE_SECONDS),
        "low lag during full load");
    assertEquals(
        ReadingVerdict.NOT_YET,
        WaitCondition.INCREMENTAL_RUNNING.evaluate(initializing, FIVE_SECONDS));
  }
}
