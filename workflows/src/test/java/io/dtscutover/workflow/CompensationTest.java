package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitGate;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitStatus;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static io.dtscutover.workflow.CutoverTestEnvironment.timelineAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.WaitCondition;
import io.dtscutover.freeze.FreezeStrategy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CompensationTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private final FakeDtsActivities dts =
      new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));
  private final FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();

  @Test
  void abortBeforeThePointOfNoReturnRestoresTheSourceAndLeavesTheTaskRunning(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.STOP)).build());
    awaitGate(cutover, Gate.STOP);

    cutover.abort(new AbortAction("dave", "destination alarms"));
    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(ReasonCode.ABORTED_BY_PERSON, report.reason(), report.message());
    assertEquals("aborted by dave: destination alarms", report.message());
    assertFalse(source.frozen);
    assertFalse(report.sourceFrozen());
    assertTrue(dts.callsTo("stopJob").isEmpty());
    assertTrue(dts.callsTo("deleteJob").isEmpty());
  }

  @Test
  void abortDuringTheZeroLagWaitCancelsTheWaitAndRestoresTheSource(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    dts.hang(WaitCondition.CAUGHT_UP);
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    awaitStatus(cutover, "the zero-lag wait", s -> s.phase() == Phase.WAIT_FOR_ZERO_LAG);

    cutover.abort(new AbortAction("dave", "pager storm"));
    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(ReasonCode.ABORTED_BY_PERSON, report.reason(), report.message());
    assertEquals("aborted by dave: pager storm", report.message());
    assertFalse(source.frozen);
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void abortAfterThePointOfNoReturnIsRefusedAndTheRunRollsForward(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(
            client,
            worker,
            request().deleteAfterStop(true).approval(approvalAt(Gate.DELETE)).build());
    awaitGate(cutover, Gate.DELETE);

    WorkflowUpdateException refused =
        assertThrows(
            WorkflowUpdateException.class,
            () -> cutover.abort(new AbortAction("dave", "too late")));
    assertTrue(refused.getCause().getMessage().contains("point of no return"));

    cutover.approve(GateAction.of(Gate.DELETE, "bob", ""));
    CutoverReport report = result(cutover);
    assertEquals(Outcome.COMPLETED, report.outcome());
    assertTrue(report.taskDeleted());
    assertEquals(0, source.count("unfreeze"));
  }

  @Test
  void freezeBudgetEndsAWaitForAPersonAndRestoresTheSource(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    ApprovalPolicy slowStopGate =
        new ApprovalPolicy(
            Set.of(Gate.STOP), List.of(), false, Duration.ofHours(4), Map.of(), Set.of());

    CutoverReport report =
        result(
            start(
                client,
                worker,
                request().maxFreeze(Duration.ofMinutes(20)).approval(slowStopGate).build()));

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(ReasonCode.FREEZE_BUDGET, report.reason(), report.message());
    assertFalse(source.frozen);
    long frozenMinutes =
        Duration.between(timelineAt(report, "source frozen"), timelineAt(report, "source restored"))
            .toMinutes();
    assertTrue(frozenMinutes <= 20, "frozen for " + frozenMinutes + " minutes");
  }

  @Test
  void workflowCancellationRestoresTheSource(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.STOP)).build());
    awaitGate(cutover, Gate.STOP);

    WorkflowStub.fromTyped(cutover).cancel();
    WorkflowFailedException failure =
        assertThrows(WorkflowFailedException.class, () -> result(cutover));

    assertInstanceOf(CanceledFailure.class, failure.getCause());
    assertFalse(source.frozen);
    assertEquals(1, source.count("unfreeze"));
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void writesSeenWhileFrozenAbortAndRestore(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    source.breachOnVerify();
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(ReasonCode.FREEZE_BREACH, report.reason(), report.message());
    assertTrue(report.message().contains("Com_insert went from 10 to 12"), report.message());
    assertFalse(source.frozen);
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void freezeThatFailsHalfWayIsUndoneWithTheReceipt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    source.freezeFails();
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(List.of("prepare", "freeze", "unfreeze"), source.calls);
    assertFalse(source.frozen);
  }

  @Test
  void unfreezeIsRetriedUntilItSucceeds(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    source.breachOnVerify().unfreezeFailsFirst(3);
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(4, source.count("unfreeze"));
    assertFalse(source.frozen);
  }

  @Test
  void manualFreezeWaitsForTheOperatorsConfirmation(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().freeze(FreezeStrategy.MANUAL, null).build());
    awaitStatus(cutover, "the manual freeze", CutoverStatus::awaitingWritesStopped);
    assertTrue(dts.callsTo("stopJob").isEmpty());

    cutover.confirmWritesStopped(new WritesStopped("erin"));
    CutoverReport report = result(cutover);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertTrue(source.calls.isEmpty(), "no worker freeze for the manual strategy");
    assertTrue(report.timeline().stream().anyMatch(e -> e.event().contains("confirmed by erin")));
  }

  @Test
  void confirmFreezeFollowsTheApproverRules(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    ApprovalPolicy onCall =
        new ApprovalPolicy(
            Set.of(), List.of("alice", "bob"), true, Duration.ofHours(1), Map.of(), Set.of());
    CutoverWorkflow cutover =
        start(
            client, worker, request().freeze(FreezeStrategy.MANUAL, null).approval(onCall).build());
    awaitStatus(cutover, "the manual freeze", CutoverStatus::awaitingWritesStopped);

    WorkflowUpdateException outsider =
        assertThrows(
            WorkflowUpdateException.class,
            () -> cutover.confirmWritesStopped(new WritesStopped("mallory")));
    assertTrue(outsider.getCause().getMessage().contains("not an allowed approver"));
    WorkflowUpdateException requester =
        assertThrows(
            WorkflowUpdateException.class,
            () -> cutover.confirmWritesStopped(new WritesStopped("alice")));
    assertTrue(requester.getCause().getMessage().contains("two-person rule"));
    assertTrue(cutover.status().awaitingWritesStopped(), "a refused confirmation changes nothing");

    cutover.confirmWritesStopped(new WritesStopped("bob"));
    assertEquals(Outcome.COMPLETED, result(cutover).outcome());
  }

  @Test
  void incrementalModuleFailingWhileMigratingAbortsRestoresAndShowsDtsError(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    dts.awaitFails(
        WaitCondition.CAUGHT_UP,
        ApplicationFailure.newNonRetryableFailure(
            "waiting for CAUGHT_UP on dtsjob01 in cn-hangzhou cannot succeed: the task is"
                + " Migrating, incremental Failed, lag 0 ms (binlog position purged on source)"
                + " [request id r-77]",
            DtsFailures.JOB_STATE_UNSAFE));
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(report.message().contains("binlog position purged on source"), report.message());
    assertFalse(source.frozen);
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void confirmWritesStoppedIsRefusedWhenNoManualFreezeWaits(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.FREEZE)).build());
    awaitGate(cutover, Gate.FREEZE);

    WorkflowUpdateException refused =
        assertThrows(
            WorkflowUpdateException.class,
            () -> cutover.confirmWritesStopped(new WritesStopped("erin")));
    assertTrue(refused.getCause().getMessage().contains("no manual freeze is waiting"));
    cutover.abort(new AbortAction("erin", "test over"));
    assertEquals(Outcome.ABORTED, result(cutover).outcome());
  }

  @Test
  void missedMaintenanceWindowAbortsBeforeFreezing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());

    CutoverReport report =
        result(
            start(
                client,
                worker,
                request().window(now.minus(Duration.ofHours(2)), now.plusSeconds(60)).build()));

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(ReasonCode.WINDOW_CLOSED, report.reason(), report.message());
    assertTrue(source.calls.isEmpty());
  }

  @Test
  void cutoverWaitsForItsWindowToOpen(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
    Instant opens = now.plus(Duration.ofHours(3));

    CutoverReport report =
        result(
            start(
                client, worker, request().window(opens, opens.plus(Duration.ofHours(1))).build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertFalse(timelineAt(report, "source frozen").isBefore(opens), "froze inside the window");
  }

  @Test
  void secondCutoverOfTheSameJobIsRejectedWhileTheFirstRuns(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow first =
        start(client, worker, request().approval(approvalAt(Gate.FREEZE)).build());
    awaitGate(first, Gate.FREEZE);

    assertThrows(
        WorkflowExecutionAlreadyStarted.class,
        () -> start(client, worker, request().requestedBy("zoe").build()));
    assertEquals(Gate.FREEZE, first.status().pendingGate(), "the first one is unaffected");
    first.abort(new AbortAction("alice", "test over"));
    result(first);
  }

  @Test
  void deletionRequestedReleasesTheTaskAndUnfreezeAfterStopRestoresTheSource(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);

    CutoverReport report =
        result(
            start(client, worker, request().deleteAfterStop(true).unfreezeAfterStop(true).build()));

    assertEquals(Outcome.COMPLETED, report.outcome());
    assertTrue(report.taskDeleted());
    assertEquals(List.of("deleteJob:dtsjob01"), dts.callsTo("deleteJob"));
    assertFalse(report.sourceFrozen());
    assertFalse(source.frozen);
  }

  @Test
  void prePaidTaskIsNotReleasedAndTheReportSaysWhy(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities prePaid =
        new FakeDtsActivities()
            .describes(
                Snapshots.prePaid(Snapshots.incremental(2000)),
                Snapshots.prePaid(Snapshots.incremental(0)));
    registerAndStart(env, worker, prePaid, source);

    CutoverReport report = result(start(client, worker, request().deleteAfterStop(true).build()));

    assertEquals(Outcome.COMPLETED, report.outcome());
    assertFalse(report.taskDeleted());
    assertTrue(prePaid.callsTo("deleteJob").isEmpty());
    assertTrue(report.message().contains("PrePaid"), report.message());
  }
}
