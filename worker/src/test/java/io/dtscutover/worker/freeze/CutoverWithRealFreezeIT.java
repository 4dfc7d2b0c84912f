package io.dtscutover.worker.freeze;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitStatus;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.Message;
import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.dtscutover.guard.FreezeGuardHandle;
import io.dtscutover.guard.FreezeGuardOutcome;
import io.dtscutover.guard.FreezeGuardReport;
import io.dtscutover.workflow.AbortAction;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverTestEnvironment;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.FakeDtsActivities;
import io.dtscutover.workflow.GateAction;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.ReasonCode;
import io.dtscutover.workflow.TimelineEntry;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cutover workflow run with each real freeze strategy against a real MariaDB or PostgreSQL (DTS
 * faked at its interface): it freezes and proves the freeze, every ending restores the source
 * exactly, a write that gets through aborts the cutover before the stop, and no password reaches
 * workflow history.
 */
class CutoverWithRealFreezeIT {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  static Stream<FreezeStrategyContract> sources() throws SQLException {
    MySqlReadOnlyFreezeIT.createShop();
    MySqlRevokeFreezeIT.createShop();
    PgReadOnlyFreezeIT.createShop();
    PgRevokeFreezeIT.createShop();
    return Stream.of(
        new MySqlReadOnlyFreezeIT(),
        new MySqlRevokeFreezeIT(),
        new PgReadOnlyFreezeIT(),
        new PgRevokeFreezeIT());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void anAbortAtTheStopGateRestoresTheSourceExactly(
      FreezeStrategyContract source,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client)
      throws Exception {
    FakeDtsActivities dts = startWorker(env, worker, source);
    String before = source.sourceState();
    source.appWrites();

    CutoverWorkflow cutover = start(client, worker, request(source, Gate.STOP));
    awaitStatus(cutover, "the stop gate", status -> status.pendingGate() == Gate.STOP);
    source.appCannotWrite();
    cutover.abort(new AbortAction("bob", "the rollback drill says stop here"));
    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertFalse(report.sourceFrozen());
    assertFalse(stopSent(dts));
    assertTrue(timeline(report, "source frozen (").contains("was refused"), report.toString());
    assertEquals(before, source.sourceState());
    source.appWrites();
    assertNoSecretInHistory(client, cutover, source);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void aWriteThatGetsThroughAbortsBeforeTheStopAndRestoresTheSource(
      FreezeStrategyContract source,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client)
      throws Exception {
    FakeDtsActivities dts = startWorker(env, worker, source);
    String before = source.sourceState();

    CutoverWorkflow cutover = start(client, worker, request(source, Gate.STOP));
    awaitStatus(cutover, "the stop gate", status -> status.pendingGate() == Gate.STOP);
    Map<String, Long> frozen = counters(source);
    source.writeBypassingTheFreeze();
    awaitCountersMoved(source, frozen);
    cutover.approve(GateAction.of(Gate.STOP, "carol", "go"));
    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.FREEZE_BREACH, report.reason(), report.message());
    assertFalse(stopSent(dts), "DTS must not stop on a moving source");
    assertFalse(report.sourceFrozen());
    assertEquals(before, source.sourceState());
    source.appWrites();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void theFreezeBudgetRunningOutAtTheStopGateRestoresTheSource(
      FreezeStrategyContract source,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client)
      throws Exception {
    FakeDtsActivities dts = startWorker(env, worker, source);
    String before = source.sourceState();
    CutoverRequest request =
        requestBuilder(source, Gate.STOP).maxFreeze(Duration.ofMinutes(2)).build();

    // Nobody decides at the stop gate; the test server skips ahead to the end of the budget.
    CutoverReport report = result(start(client, worker, request));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.FREEZE_BUDGET, report.reason(), report.message());
    assertFalse(stopSent(dts));
    assertEquals(before, source.sourceState());
    source.appWrites();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void aCompletedCutoverAskedToUnfreezeAfterTheStopRestoresTheSource(
      FreezeStrategyContract source,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client)
      throws Exception {
    FakeDtsActivities dts = startWorker(env, worker, source);
    String before = source.sourceState();

    CutoverWorkflow cutover = start(client, worker, request(source, null));
    CutoverReport report = result(cutover);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertTrue(report.taskStopped());
    assertTrue(stopSent(dts));
    assertTrue(
        timeline(report, "freeze verified before the stop").contains("unchanged"),
        report.toString());
    assertFalse(report.sourceFrozen());
    assertEquals(before, source.sourceState());
    source.appWrites();
    assertNoSecretInHistory(client, cutover, source);
  }

  /**
   * pg-revoke finds, after revoking, that the application can still write through PUBLIC: the
   * freeze does not hold, the cutover aborts and grants back what it revoked, and leaves the PUBLIC
   * grant it never touched.
   */
  @Test
  void aFreezeThatDoesNotHoldAbortsAndRestoresWhatItRevoked(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    PgRevokeFreezeIT.createShop();
    PgRevokeFreezeIT source = new PgRevokeFreezeIT();
    PostgresServer.shared().exec("shop_prv", "GRANT INSERT ON public.audit TO PUBLIC");
    try {
      FakeDtsActivities dts = startWorker(env, worker, source);
      String before = source.sourceState();

      CutoverReport report = result(start(client, worker, request(source, null)));

      assertEquals(Outcome.ABORTED, report.outcome(), report.message());
      assertEquals(ReasonCode.FREEZE_BREACH, report.reason(), report.message());
      assertFalse(stopSent(dts));
      assertEquals(before, source.sourceState());
      source.appWrites();
    } finally {
      PostgresServer.shared().exec("shop_prv", "REVOKE INSERT ON public.audit FROM PUBLIC");
    }
  }

  /**
   * A terminated cutover runs no code, so it cannot restore: its freeze guard does, with the real
   * unfreeze, at the end of the freeze budget plus its margin.
   */
  @Test
  void theFreezeGuardRestoresTheSourceOfATerminatedCutover(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    MySqlReadOnlyFreezeIT.createShop();
    MySqlReadOnlyFreezeIT source = new MySqlReadOnlyFreezeIT();
    FakeDtsActivities dts = startWorker(env, worker, source);
    String before = source.sourceState();

    CutoverWorkflow cutover = start(client, worker, request(source, Gate.STOP));
    awaitStatus(cutover, "the stop gate", status -> status.pendingGate() == Gate.STOP);
    source.appCannotWrite();
    WorkflowStub stub = WorkflowStub.fromTyped(cutover);
    // Terminate once no activity (the gate's notification) is in flight: one finishing after the
    // end would keep the test server's clock locked.
    DescribeWorkflowExecutionRequest describe =
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(stub.getExecution())
            .build();
    awaitStatus(
        cutover,
        "no activity in flight",
        status ->
            client
                    .getWorkflowServiceStubs()
                    .blockingStub()
                    .describeWorkflowExecution(describe)
                    .getPendingActivitiesCount()
                == 0);
    stub.terminate("operator terminated the run");
    FreezeGuardReport guard =
        client
            .newUntypedWorkflowStub(
                FreezeGuardHandle.workflowId(stub.getExecution().getWorkflowId()))
            .getResult(FreezeGuardReport.class);

    assertEquals(FreezeGuardOutcome.RESTORED, guard.outcome(), guard.reason());
    assertEquals(before, source.sourceState());
    source.appWrites();
    assertFalse(stopSent(dts));
  }

  /** Starts the worker with {@code source}'s real freeze and a DTS task that has caught up. */
  private static FakeDtsActivities startWorker(
      TestWorkflowEnvironment env, Worker worker, FreezeStrategyContract source) {
    FakeDtsActivities dts = FakeDtsActivities.caughtUp();
    registerAndStart(env, worker, dts, source.activities());
    return dts;
  }

  private static boolean stopSent(FakeDtsActivities dts) {
    return !dts.callsTo("stopJob").isEmpty();
  }

  private static CutoverRequest request(FreezeStrategyContract source, Gate gate) {
    return requestBuilder(source, gate).build();
  }

  /**
   * A cutover of the faked job with {@code source}'s strategy, waiting at {@code gate}, or with no
   * gate and asked to unfreeze after the stop when {@code gate} is null.
   */
  private static CutoverRequest.Builder requestBuilder(FreezeStrategyContract source, Gate gate) {
    return CutoverTestEnvironment.request()
        .freeze(source.strategy(), FreezeStrategyContract.TARGET)
        .quietWindow(Duration.ofSeconds(30))
        .unfreezeAfterStop(gate == null)
        .approval(gate == null ? ApprovalPolicy.noApprovals() : approvalAt(gate));
  }

  /** The source's write counters now, read through verify against an empty baseline. */
  private static Map<String, Long> counters(FreezeStrategyContract source) {
    WriteFreezeActivities activities = source.activities();
    FreezeReceipt receipt = activities.prepare(source.spec()); // reads only
    FreezeProof nothing = new FreezeProof(Instant.now(), Map.of(), List.of());
    return activities.verify(receipt, nothing).writeCounters();
  }

  /** PostgreSQL reports a session's writes a moment after it ends: wait until they show. */
  private static void awaitCountersMoved(FreezeStrategyContract source, Map<String, Long> before)
      throws InterruptedException {
    long giveUpAt = System.nanoTime() + PATIENCE.toNanos();
    while (counters(source).equals(before)) {
      if (System.nanoTime() > giveUpAt) {
        fail("the write did not show in the counters " + before);
      }
      Thread.sleep(100);
    }
  }

  private static String timeline(CutoverReport report, String prefix) {
    return report.timeline().stream()
        .map(TimelineEntry::event)
        .filter(event -> event.startsWith(prefix))
        .findFirst()
        .orElseGet(() -> fail("no timeline event starting with '" + prefix + "'"));
  }

  /**
   * Searches the fetched history for every secret: its JSON, and every payload in it decoded
   * (payloads are base64 in the JSON, so a plain text search of it would see nothing).
   */
  private static void assertNoSecretInHistory(
      WorkflowClient client, CutoverWorkflow cutover, FreezeStrategyContract source)
      throws SQLException {
    String workflowId = WorkflowStub.fromTyped(cutover).getExecution().getWorkflowId();
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    StringBuilder text = new StringBuilder(history.toJson(true));
    for (HistoryEvent event : history.getEvents()) {
      appendPayloads(event, text);
    }
    String all = text.toString();
    // The search must reach into the payloads: the request names the target, the proof's checks.
    assertTrue(all.contains("\"freezeTarget\":\"" + FreezeStrategyContract.TARGET), "no request");
    assertTrue(all.contains("was refused"), "no freeze proof in the searched history");
    source.assertNoSecretIn(all);
  }

  private static void appendPayloads(Object value, StringBuilder text) {
    if (value instanceof Payload payload) {
      text.append('\n').append(payload.getData().toStringUtf8());
    } else if (value instanceof Message message) {
      message.getAllFields().values().forEach(field -> appendPayloads(field, text));
    } else if (value instanceof Collection<?> values) {
      values.forEach(item -> appendPayloads(item, text));
    } else if (value instanceof Map<?, ?> entries) {
      entries.values().forEach(item -> appendPayloads(item, text));
    }
  }
}
