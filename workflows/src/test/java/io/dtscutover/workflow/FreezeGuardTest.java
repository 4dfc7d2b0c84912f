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
import io.dtscutover.guard.FreezeGuardHandle;
import io.dtscutover.guard.FreezeGuardOutcome;
import io.dtscutover.guard.FreezeGuardReport;
import io.dtscutover.guard.FreezeGuardWorkflowImpl;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
    assertEquals(Phase.WAIT_FOR_ZERO_LAG, stuck.phase(), "the cutover itself never acted again");
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
  void aClaimAfterTheBudgetIsRefusedSoTheTaskIsNeverStopped(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    // The describe just before the stop is throttled for about 90 s, past the one-minute budget.
    CutoverWorkflow cutover = stopWhileTheLastDescribeIsThrottled(env, worker, client, 7);

    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome(), report.reason());
    assertTrue(
        report.reason().contains("the freeze guard refused the point of no return"),
        report.reason());
    assertTrue(dts.callsTo("stopJob").isEmpty(), "no stop after the budget ran out");
    assertFalse(source.frozen);
    assertEquals(FreezeGuardOutcome.RELEASED, guardResult(client, cutover).outcome());
  }

  @Test
  void afterAGrantTheGuardNeverRestores(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());

    CutoverReport report = result(cutover);
    FreezeGuardReport guard = guardResult(client, cutover);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.reason());
    assertTrue(
        report.timeline().stream()
            .anyMatch(e -> e.event().startsWith("the freeze guard granted the point of no return")),
        report.timeline().toString());
    assertEquals(FreezeGuardOutcome.CLAIMED, guard.outcome(), guard.reason());
    assertTrue(source.frozen, "the source stays frozen after the stop");
    assertEquals(0, source.count("unfreeze"));
  }

  @Test
  void aCutoverThatRestoredTheSourceReleasesTheGuardWhichEndsWithoutRestoring(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.STOP)).build());
    awaitGate(cutover, Gate.STOP);
    cutover.abort("dave", "rollback drill");

    assertEquals(Outcome.ABORTED, result(cutover).outcome());
    FreezeGuardReport guard = guardResult(client, cutover);

    assertEquals(FreezeGuardOutcome.RELEASED, guard.outcome(), guard.reason());
    assertEquals(1, source.count("unfreeze"), "only the cutover restored");
    assertFalse(source.frozen);
  }

  @Test
  void aCutoverStuckPastTheBudgetAndMarginReportsThatTheGuardRestoredTheSource(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    // Throttled for about four minutes: past the budget and the guard's margin.
    CutoverWorkflow cutover = stopWhileTheLastDescribeIsThrottled(env, worker, client, 12);

    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome(), report.reason());
    assertTrue(report.reason().contains("the freeze guard restored the source"), report.reason());
    assertEquals(FreezeGuardOutcome.RESTORED, guardResult(client, cutover).outcome());
    assertTrue(dts.callsTo("stopJob").isEmpty());
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

    assertEquals(Outcome.ABORTED, second.outcome(), second.reason());
    assertTrue(second.reason().contains("could not start, so nothing was frozen"), second.reason());
    assertFalse(source.calls.contains("freeze"), source.calls.toString());
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  /**
   * A cutover with a one-minute freeze budget whose stop gate is approved while the describe just
   * before the stop is throttled {@code times} times in a row (retried with backoff up to 30 s).
   */
  private CutoverWorkflow stopWhileTheLastDescribeIsThrottled(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, int times) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(
            client,
            worker,
            request()
                .maxFreeze(Duration.ofMinutes(1))
                .quietWindow(Duration.ofSeconds(10))
                .approval(approvalAt(Gate.STOP))
                .build());
    awaitGate(cutover, Gate.STOP);
    ApplicationFailure[] throttled = new ApplicationFailure[times];
    Arrays.fill(throttled, FakeDtsActivities.throttled());
    dts.describeFailsFirst(throttled);
    cutover.approve(Gate.STOP, "carol", "");
    return cutover;
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
   * where it would verify the freeze, with no timer, so no cutover code acts again (its handlers
   * still run), as when its workflow tasks fail forever after a bad deploy. A real failing workflow
   * task would hold the test server's clock for each task timeout, so it is simulated this way.
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
                  if (armed && input.getActivityName().equals("Verify")) {
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
