package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.VerificationMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The preflight table ({@link Preflight}), row by row, with no test server. */
class PreflightTableTest {
  private static final CutoverRequest REQUEST = request().build();

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource({
    "NOT_STARTED, NotStarted, has not started (NotStarted): start it in the DTS console first",
    "NOT_CONFIGURED, NotConfigured, has not started",
    "PRECHECK_PASSED, PrecheckPass, has not started",
    "PRECHECKING, Prechecking, still prechecking",
    "PRECHECK_FAILED, PrecheckFailed, fix the precheck errors",
    "PAUSED, Suspending, pass --allow-paused to stop it without catch-up",
    "FAILED, MigrationFailed, task has failed (MigrationFailed): fix it first, or pass --allow-failed",
    "INITIALIZE_FAILED, InitializeFailed, --allow-failed",
    "RETRYING, Retrying, task is Retrying: not safe to cut over now",
    "UNKNOWN, Reticulating, task is Reticulating: not safe"
  })
  void unsafeStatusesAreRefusedNamingTheFix(JobStatus status, String raw, String reason) {
    RunbookStop stop =
        assertThrows(
            RunbookStop.class, () -> Preflight.check(REQUEST, Snapshots.inState(status, raw)));

    assertEquals(Outcome.ABORTED, stop.outcome());
    assertEquals(ReasonCode.REFUSED_STATUS, stop.code());
    assertTrue(stop.reason().startsWith("refused: "), stop.reason());
    assertTrue(stop.reason().contains(reason), stop.reason());
  }

  @ParameterizedTest(name = "{0} passes")
  @CsvSource({"MIGRATING, Migrating", "SYNCHRONIZING, Synchronizing", "INITIALIZING, Initializing"})
  void runningStatusesPass(JobStatus status, String raw) {
    Preflight.check(REQUEST, Snapshots.inState(status, raw));
  }

  @Test
  void aFinishedTaskIsAlreadyCompleted() {
    RunbookStop stop =
        assertThrows(RunbookStop.class, () -> Preflight.check(REQUEST, Snapshots.finished()));

    assertEquals(Outcome.ALREADY_COMPLETED, stop.outcome());
    assertEquals(ReasonCode.ALREADY_FINISHED, stop.code());
  }

  @Test
  void aTaskInAnotherRegionIsRefusedNamingItsRegion() {
    JobSnapshot elsewhere = inRegion(Snapshots.incremental(0), "cn-shanghai");

    RunbookStop stop = assertThrows(RunbookStop.class, () -> Preflight.check(REQUEST, elsewhere));

    assertEquals(ReasonCode.WRONG_REGION, stop.code());
    assertTrue(stop.reason().endsWith("pass --region cn-shanghai"), stop.reason());
  }

  @Test
  void pausedOrFailedTasksAreStoppedAsIsOnlyWhenAllowed() {
    JobSnapshot paused = Snapshots.inState(JobStatus.PAUSED, "Suspending");
    JobSnapshot failed = Snapshots.inState(JobStatus.FAILED, "MigrationFailed");
    CutoverRequest allowing = request().allowPaused(true).allowFailed(true).build();

    Preflight.check(allowing, paused);
    Preflight.check(allowing, failed);
    assertEquals(Route.STOP_AS_IS, Preflight.route(allowing, paused));
    assertEquals(Route.STOP_AS_IS, Preflight.route(allowing, failed));
    assertThrows(
        RunbookStop.class, () -> Preflight.check(request().allowFailed(true).build(), paused));
    assertThrows(
        RunbookStop.class, () -> Preflight.check(request().allowPaused(true).build(), failed));
  }

  @Test
  void aStoppedTaskWithAnUnfinishedFullLoadIsNeverStoppedAsIs() {
    JobSnapshot loading =
        Snapshots.withFullLoad(
            Snapshots.inState(JobStatus.PAUSED, "Suspending"), FullLoadStatus.MIGRATING);

    RunbookStop stop =
        assertThrows(
            RunbookStop.class, () -> Preflight.route(request().allowPaused(true).build(), loading));

    assertEquals(ReasonCode.REFUSED_STATUS, stop.code());
    assertTrue(stop.reason().contains("DataInitializationStatus Migrating"), stop.reason());
    assertTrue(stop.reason().endsWith("let the full load finish first"), stop.reason());
  }

  @Test
  void runningTasksTakeTheIncrementalOrTheFullLoadOnlyRoute() {
    assertEquals(Route.INCREMENTAL, Preflight.route(REQUEST, Snapshots.incremental(2000)));
    assertEquals(Route.INCREMENTAL, Preflight.route(REQUEST, Snapshots.inFullLoad()));
    assertEquals(
        Route.INCREMENTAL,
        Preflight.route(
            REQUEST,
            Snapshots.reading(
                JobStatus.SYNCHRONIZING,
                "Synchronizing",
                IncrementalStatus.CATCHED,
                0L,
                FullLoadStatus.FINISHED)));
    assertEquals(Route.FULL_LOAD_ONLY, Preflight.route(REQUEST, Snapshots.fullOnlyLoading()));
  }

  @Test
  void requiredVerificationIsRefusedOnEveryRouteButTheIncrementalOne() {
    CutoverRequest verifying =
        request().requireVerification(VerificationMode.FULL).allowPaused(true).build();

    assertEquals(Route.INCREMENTAL, Preflight.route(verifying, Snapshots.incremental(0)));
    RunbookStop fullOnly =
        assertThrows(
            RunbookStop.class, () -> Preflight.route(verifying, Snapshots.fullOnlyLoading()));
    RunbookStop asIs =
        assertThrows(
            RunbookStop.class,
            () -> Preflight.route(verifying, Snapshots.inState(JobStatus.PAUSED, "Suspending")));

    assertEquals(ReasonCode.VERIFICATION_FAILED, fullOnly.code());
    assertTrue(fullOnly.reason().contains("full-load-only (it is never stopped)"));
    assertTrue(asIs.reason().contains("Suspending (it would be stopped as is"), asIs.reason());
  }

  private static JobSnapshot inRegion(JobSnapshot s, String region) {
    return new JobSnapshot(
        new JobRef(region, s.job().jobId(), null),
        s.jobName(),
        s.status(),
        s.rawStatus(),
        s.fullLoadConfigured(),
        s.incrementalConfigured(),
        s.incrementalStatus(),
        s.rawIncrementalStatus(),
        s.fullLoadStatus(),
        s.rawFullLoadStatus(),
        s.delayMillis(),
        s.payType(),
        s.errorMessage(),
        s.requestId(),
        s.observedAt());
  }
}
