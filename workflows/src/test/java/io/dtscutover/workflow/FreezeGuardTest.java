package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitGate;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.Gate;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.guard.FreezeGuardHandle;
import io.dtscutover.guard.FreezeGuardOutcome;
import io.dtscutover.guard.FreezeGuardReport;
import io.dtscutover.guard.FreezeGuardRequest;
import io.dtscutover.guard.FreezeGuardWorkflow;
import io.dtscutover.guard.FreezeGuardWorkflowImpl;
import io.dtscutover.guard.PointOfNoReturnClaim;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The freeze guard holds when the cutover cannot act: terminated, its code no longer running, or
 * cancelled mid-activity. It grants the point of no return only inside the budget, never restores
 * after a grant, and ends quietly when the cutover restored the source.
 */
class FreezeGuardTest {
  private final BugAfterTheFreeze bug = new BugAfterTheFreeze();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension(bug);

  private final FakeDtsActivities dts =
      new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));
  private final FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();

  @Test
  void aTerminatedCutoversSourceIsRestoredByTheGuardAfterTheBudgetAndItsMargin(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(
            client,
            worker,
            request().maxFreeze(Duration.ofMinutes(20)).approval(approvalAt(Gate.STOP)).build());
    CutoverStatus atTheGate = awaitGate(cutover, Gate.STOP);
    assertTrue(source.frozen);

    terminateWhenIdle(client, cutover);
    FreezeGuardReport guard = guardResult(client, cutover);

    assertEquals(FreezeGuardOutcome.RESTORED, guard.outcome(), guard.reason());
    assertFalse(source.frozen, "the guard restored the source");
    assertEquals(1, source.count("unfreeze"));
    assertTrue(dts.callsTo("stopJob").isEmpty());
    Instant budgetEnds = atTheGate.frozenAt().plus(Duration.ofMinutes(20));
    assertFalse(
        guard.endedAt().isBefore(budgetEnds.plus(FreezeGuardWorkflowImpl.MARGIN)),
        "the guard leaves the budget and its margin to the cutover: " + guard);
  }

  @Test
  void aCutoverWhoseCodeStopsRunningAfterTheFreezeHasItsSourceRestoredByTheGuard(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    bug.armed = true;
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    assertTrue(source.freezeStarted.await(20, TimeUnit.SECONDS), "the freeze never started");

    FreezeGuardReport guard = guardResult(client, cutover);

    assertEquals(FreezeGuardOutcome.RESTORED, guard.outcome(), guard.reason());
    assertFalse(source.frozen, "the guard restored the source");
    assertTrue(dts.callsTo("stopJob").isEmpty());
    CutoverStatus stuck =
        CutoverTestEnvironment.awaitStatus(
            cutover,
            "the guard's word in the timeline",
            s ->
                s.timeline().stream()
                    .anyMatch(e -> e.event().startsWith("the freeze guard restored the source")));
    assertFalse(stuck.phase().isTerminal(), "the cutover itself never finished its restore");
    assertFalse(stuck.frozen(), "its status no longer says the source is frozen");
    WorkflowStub.fromTyped(cutover).terminate("test over");
  }

  @Test
  void cancellingWhileTheFreezeActivityRunsLeavesTheSourceRestored(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    source.freezeKeepsRetrying();
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    assertTrue(source.freezeStarted.await(20, TimeUnit.SECONDS), "the freeze never started");
    // Cancel between attempts (the next one is ten minutes away): an attempt finishing after the
    // end would keep the test server's clock locked.
    awaitPendingActivities(
        client,
        cutover,
        "the freeze waiting for its next attempt",
        pending ->
            pending.size() == 1
                && pending.get(0).hasLastFailure()
                && pending.get(0).getAttempt() > 1);

    WorkflowStub.fromTyped(cutover).cancel();
    assertThrows(WorkflowFailedException.class, () -> result(cutover));
    FreezeGuardReport guard = guardResult(client, cutover);

    assertFalse(source.frozen, "the source stayed frozen after a cancel: " + guard);
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void theGuardRefusesAClaimOnceTheBudgetHasRunOutAndThenRestores(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    // The cutover races every step against the budget itself, so it never claims late; the guard
    // must refuse anyway, for a cutover whose own check failed.
    registerAndStart(env, worker, dts, source);
    FreezeReceipt receipt =
        source.prepare(
            new FreezeSpec(FreezeStrategy.MYSQL_READ_ONLY, "orders-db", Snapshots.REF, "c-late"));
    source.freeze(receipt);
    Instant budgetEnds = Instant.ofEpochMilli(env.currentTimeMillis()).plus(Duration.ofMinutes(1));
    FreezeGuardWorkflow guard =
        client.newWorkflowStub(
            FreezeGuardWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(FreezeGuardHandle.workflowId("c-late"))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(guard::guard, new FreezeGuardRequest("c-late", "r1", receipt, budgetEnds));

    env.sleep(Duration.ofSeconds(90));
    PointOfNoReturnClaim late = guard.claimPointOfNoReturn();
    FreezeGuardReport report = WorkflowStub.fromTyped(guard).getResult(FreezeGuardReport.class);

    assertFalse(late.granted(), late.reason());
    assertEquals(FreezeGuardOutcome.RESTORED, report.outcome(), report.reason());
    assertFalse(source.frozen, "the guard restored the source at the budget plus its margin");
  }

  @Test
  void afterAGrantTheGuardNeverRestores(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());

    CutoverReport report = result(cutover);
    FreezeGuardReport guard = guardResult(client, cutover);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertTrue(
        report.timeline().stream()
            .anyMatch(e -> e.event().startsWith("the freeze guard granted the point of no return")),
        report.timeline().toString());
    assertEquals(FreezeGuardOutcome.CLAIMED, guard.outcome(), guard.reason());
    assertTrue(source.frozen, "the source stays frozen after the stop");
    assertEquals(0, source.count("unfreeze"));
  }

  /**
   * The guard's tasks go ahead of the cutovers' (priority 1, the cutover's the default 3): a claim
   * must not wait behind the routine workflow tasks of every other cutover on the queue.
   */
  @Test
  void theGuardRunsAtAHigherPriorityThanItsCutover(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    assertEquals(Outcome.COMPLETED, result(cutover).outcome());
    String cutoverId = WorkflowStub.fromTyped(cutover).getExecution().getWorkflowId();

    int guard = startedPriority(client, FreezeGuardHandle.workflowId(cutoverId));
    int own = startedPriority(client, cutoverId);

    assertEquals(1, guard, "the guard's priority key");
    assertTrue(own == 0 || own > guard, "the cutover's priority key " + own);
  }

  private static int startedPriority(WorkflowClient client, String workflowId) {
    return client
        .fetchHistory(workflowId)
        .getEvents()
        .get(0)
        .getWorkflowExecutionStartedEventAttributes()
        .getPriority()
        .getPriorityKey();
  }

  /**
   * Without the guard's grant there is no stop, whichever way the claim is asked: a local activity
   * when the run goes straight to the stop, an activity after a stop gate.
   */
  @Test
  void aCutoverGoingStraightToTheStopIsNotStoppedWhenItsGuardNoLongerRuns(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    Hold checks = new Hold();
    source.verifyHeld(checks);
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    checks.awaitEntered(); // the checks before the stop run; the claim comes next
    terminateGuard(client, cutover);
    checks.release();

    assertNotStoppedAndRestored(result(cutover));
  }

  @Test
  void aCutoverPastItsStopGateIsNotStoppedWhenItsGuardNoLongerRuns(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.STOP)).build());
    awaitGate(cutover, Gate.STOP);
    terminateGuard(client, cutover);
    cutover.approve(GateAction.of(Gate.STOP, "bob", ""));

    assertNotStoppedAndRestored(result(cutover));
  }

  private static void terminateGuard(WorkflowClient client, CutoverWorkflow cutover) {
    String cutoverId = WorkflowStub.fromTyped(cutover).getExecution().getWorkflowId();
    client
        .newUntypedWorkflowStub(FreezeGuardHandle.workflowId(cutoverId))
        .terminate("test: the guard is gone");
  }

  private void assertNotStoppedAndRestored(CutoverReport report) {
    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(
        report.message().contains("the freeze guard refused the point of no return"),
        report.message());
    assertTrue(dts.callsTo("stopJob").isEmpty(), "StopDtsJob was sent");
    assertFalse(source.frozen, "the source was not restored");
  }

  @Test
  void aCutoverThatRestoredTheSourceReleasesTheGuardWhichEndsWithoutRestoring(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.STOP)).build());
    awaitGate(cutover, Gate.STOP);
    cutover.abort(new AbortAction("dave", "rollback drill"));

    assertEquals(Outcome.ABORTED, result(cutover).outcome());
    FreezeGuardReport guard = guardResult(client, cutover);

    assertEquals(FreezeGuardOutcome.RELEASED, guard.outcome(), guard.reason());
    assertEquals(1, source.count("unfreeze"), "only the cutover restored");
    assertFalse(source.frozen);
  }

  @Test
  void aGuardOfAnEarlierRunStillRunningStopsTheNextRunBeforeItFreezes(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow first =
        start(client, worker, request().approval(approvalAt(Gate.STOP)).build());
    awaitGate(first, Gate.STOP);
    terminateWhenIdle(client, first);
    source.calls.clear();

    CutoverReport second = result(start(client, worker, request().build()));

    assertEquals(Outcome.ABORTED, second.outcome(), second.message());
    assertEquals(ReasonCode.FREEZE_GUARD, second.reason());
    assertTrue(
        second.message().contains("could not start, so nothing was frozen"), second.message());
    assertFalse(source.calls.contains("freeze"), source.calls.toString());
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  /**
   * Terminates the cutover once no activity of it is in flight (the gate's notification): the test
   * server would otherwise keep its clock locked for an activity that completes after the end.
   */
  static void terminateWhenIdle(WorkflowClient client, CutoverWorkflow cutover) {
    awaitPendingActivities(client, cutover, "no activity in flight", List::isEmpty);
    WorkflowStub.fromTyped(cutover).terminate("operator terminated the run");
  }

  static void awaitPendingActivities(
      WorkflowClient client,
      CutoverWorkflow cutover,
      String what,
      Predicate<List<PendingActivityInfo>> condition) {
    DescribeWorkflowExecutionRequest describe =
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowStub.fromTyped(cutover).getExecution())
            .build();
    CutoverTestEnvironment.awaitStatus(
        cutover,
        what,
        status ->
            condition.test(
                client
                    .getWorkflowServiceStubs()
                    .blockingStub()
                    .describeWorkflowExecution(describe)
                    .getPendingActivitiesList()));
  }

  /** Waits (skipping time) until the cutover's guard ends, and returns its report. */
  private static FreezeGuardReport guardResult(WorkflowClient client, CutoverWorkflow cutover) {
    String cutoverId = WorkflowStub.fromTyped(cutover).getExecution().getWorkflowId();
    return client
        .newUntypedWorkflowStub(FreezeGuardHandle.workflowId(cutoverId))
        .getResult(FreezeGuardReport.class);
  }

  /**
   * A bug that strikes after the freeze: once armed, the cutover's workflow code blocks for good
   * where it would verify the freeze or restore the source, with no timer, so the cutover never
   * restores (its handlers still run), as when its workflow tasks fail forever after a bad deploy.
   * A real failing workflow task would hold the test server's clock for each task timeout, so it is
   * simulated this way.
   */
  static final class BugAfterTheFreeze extends WorkerInterceptorBase {
    volatile boolean armed;

    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
      return new WorkflowInboundCallsInterceptorBase(next) {
        @Override
        public void init(WorkflowOutboundCallsInterceptor outbound) {
          super.init(
              new WorkflowOutboundCallsInterceptorBase(outbound) {
                @Override
                public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
                  if (armed
                      && Workflow.getInfo().getWorkflowType().equals("CutoverWorkflow")
                      && (input.getActivityName().equals("Verify")
                          || input.getActivityName().equals("Unfreeze"))) {
                    Workflow.await(() -> false);
                  }
                  return super.executeActivity(input);
                }
              });
        }
      };
    }
  }
}
