package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtscutover.approval.Gate;
import io.dtscutover.approval.GateDecision;
import io.dtscutover.approval.GateVerdict;
import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.freeze.FreezeStrategy;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The texts people read ({@link CutoverMessages}), with no test server. */
class CutoverMessagesTest {
  private static final Instant AT = Instant.parse("2026-03-01T02:00:00Z");

  @Test
  void aFreezeIsNamedByItsStrategyAndTarget() {
    assertEquals("mysql-read-only on orders-db", CutoverMessages.describeFreeze(request().build()));
    assertEquals(
        "manual",
        CutoverMessages.describeFreeze(request().freeze(FreezeStrategy.MANUAL, null).build()));
  }

  @Test
  void anUnfinishedFullLoadSaysWhatDtsReported() {
    assertEquals(
        "its full load has not finished (DataInitializationStatus Migrating): stopping it would"
            + " leave the destination with partial data",
        CutoverMessages.fullLoadUnfinished(
            Snapshots.withFullLoad(Snapshots.incremental(0), FullLoadStatus.MIGRATING)));
    assertEquals(
        "its full load has not finished (DataInitializationStatus not reported): stopping it would"
            + " leave the destination with partial data",
        CutoverMessages.fullLoadUnfinished(
            Snapshots.withFullLoad(Snapshots.incremental(0), FullLoadStatus.ABSENT)));
  }

  @Test
  void aDecisionSaysWhoDecidedAndWhy() {
    assertEquals(
        "approved by bob: looks good",
        CutoverMessages.describeDecision(decision(GateVerdict.APPROVED, "bob", "looks good")));
    assertEquals(
        "rejected by bob",
        CutoverMessages.describeDecision(decision(GateVerdict.REJECTED, "bob", "")));
    assertEquals(
        "auto-approved by policy",
        CutoverMessages.describeDecision(decision(GateVerdict.AUTO_APPROVED, "policy", "")));
    assertEquals(
        "passed (no approval required)",
        CutoverMessages.describeDecision(decision(GateVerdict.NOT_REQUIRED, "policy", null)));
    assertEquals(
        "expired: was not decided within PT1H",
        CutoverMessages.describeDecision(
            decision(GateVerdict.EXPIRED, "deadline", "was not decided within PT1H")));
  }

  @Test
  void onlyTheStopGatesNotificationShowsTheDataVerification() {
    CutoverRequest request = request().build();
    VerificationState passed = VerificationState.passed(VerificationMode.FULL, 1);

    assertEquals(
        "Cutover of dtsjob01 waits for approval of the stop gate until 2026-03-01T02:00:00Z; DTS"
            + " data verification: "
            + passed.describe(),
        CutoverMessages.gateWaiting(request, Gate.STOP, AT, passed));
    assertEquals(
        "Cutover of dtsjob01 waits for approval of the freeze gate until 2026-03-01T02:00:00Z",
        CutoverMessages.gateWaiting(request, Gate.FREEZE, AT, passed));
  }

  @Test
  void theEndNamesTheJobItsRegionAndTheOutcome() {
    assertEquals(
        "Cutover of dtsjob01 in cn-hangzhou ABORTED: aborted by bob: lag",
        CutoverMessages.ended(request().build(), Outcome.ABORTED, "aborted by bob: lag"));
  }

  @Test
  void theRouteIsSaidAsChosen() {
    assertEquals(
        "incremental migration configured; the task is still in full load",
        CutoverMessages.routeChosen(Route.INCREMENTAL, Snapshots.inFullLoad()));
    assertEquals(
        "full-load-only task: it will be left to finish by itself",
        CutoverMessages.routeChosen(Route.FULL_LOAD_ONLY, Snapshots.fullOnlyLoading()));
  }

  private static GateDecision decision(GateVerdict verdict, String by, String comment) {
    return new GateDecision(Gate.FREEZE, verdict, by, AT, comment);
  }
}
