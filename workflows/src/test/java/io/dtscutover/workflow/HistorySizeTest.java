package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.Gate;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.proof.ProofMode;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A complete gated cutover stays well inside Temporal's history limits: at most {@link #LIMIT}
 * events with the freeze and stop gates approved by updates, a 3-minute quiet window and 5 s polls,
 * however long people take to approve.
 */
class HistorySizeTest {
  /** The most history events a complete gated cutover may take. */
  static final int LIMIT = 100;

  /**
   * What {@code requireVerification} adds: two activities (the preflight reading and the wait),
   * each with the workflow task it wakes, and the upsert of its phase.
   */
  static final int VERIFICATION_EVENTS = 13;

  /**
   * What marker proof may add to that: the preflight and the marker write are local activities (one
   * event each), and the wait for zero lag before the marker is one more await activity.
   */
  static final int MARKER_PROOF_EVENTS = 9;

  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  @Test
  void aCompleteGatedCutoverTakesAtMostAHundredEventsHoweverLongTheApproversTake(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(
        env,
        worker,
        new FakeDtsActivities().describes(Snapshots.incremental(0)),
        new FakeWriteFreezeActivities());

    // Near the freeze gate's hour, and the stop gate near the 30-minute freeze budget. The slow one
    // runs first: a finished cutover leaves its freeze guard sleeping until the budget's end plus
    // its margin, and when that timer fires inside env.sleep the 1.38 test server never lets
    // its clock move again (an abandoned child ending after its parent).
    int slow =
        completeCutover(
            env, client, worker, "dtsslow01", Duration.ofMinutes(55), Duration.ofMinutes(25), null);
    int quick =
        completeCutover(env, client, worker, "dtsquick1", Duration.ZERO, Duration.ZERO, null);

    assertEquals(quick, slow, "waiting longer for approvals adds no event");
  }

  @Test
  void aGatedCutoverWithDataVerificationStaysUnderTheLimit(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(
        env,
        worker,
        new FakeDtsActivities().describes(Snapshots.incremental(0)),
        new FakeWriteFreezeActivities());

    int plain =
        completeCutover(env, client, worker, "dtsplain1", Duration.ZERO, Duration.ZERO, null);
    int verified =
        completeCutover(
            env, client, worker, "dtsverify1", Duration.ZERO, Duration.ZERO, VerificationMode.BOTH);

    // Two activities (the preflight reading and the wait), three events each.
    assertEquals(plain + VERIFICATION_EVENTS, verified, "events with verification");
  }

  @Test
  void markerProofAddsAtMostNineEventsWhenTheMarkerArrivesAtTheFirstLook(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.incremental(0));
    registerAndStart(
        env, worker, dts, new FakeWriteFreezeActivities(), new FakeMarkerActivities(dts.calls));

    completeCutover(env, client, worker, "dtsmark01", Duration.ZERO, Duration.ZERO, null, true);
  }

  /**
   * Waits for the gate through the search attribute, not the status query: on the test server a
   * query that meets a running workflow task can add a workflow task to the history.
   */
  private static void awaitPendingGate(CutoverWorkflow cutover, Gate gate) {
    WorkflowStub stub = WorkflowStub.fromTyped(cutover);
    long giveUpAt = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!gate.cliName()
        .equals(
            stub.describe().getTypedSearchAttributes().get(CutoverSearchAttributes.PENDING_GATE))) {
      assertTrue(System.nanoTime() < giveUpAt, "the " + gate.cliName() + " gate never waited");
      Thread.onSpinWait();
    }
  }

  private static int completeCutover(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      String jobId,
      Duration freezeApprovedAfter,
      Duration stopApprovedAfter,
      VerificationMode verification) {
    return completeCutover(
        env, client, worker, jobId, freezeApprovedAfter, stopApprovedAfter, verification, false);
  }

  private static int completeCutover(
      TestWorkflowEnvironment env,
      WorkflowClient client,
      Worker worker,
      String jobId,
      Duration freezeApprovedAfter,
      Duration stopApprovedAfter,
      VerificationMode verification,
      boolean markerProof) {
    CutoverRequest request =
        CutoverRequest.builder(jobId, Snapshots.REGION)
            .freeze(FreezeStrategy.MYSQL_READ_ONLY, "orders-db")
            .quietWindow(Duration.ofMinutes(3))
            .pollInterval(Duration.ofSeconds(5))
            .approval(approvalAt(Gate.FREEZE, Gate.STOP))
            .requireVerification(verification)
            .requestedBy("alice")
            .proof(
                markerProof ? ProofMode.MARKER : ProofMode.NONE,
                null,
                markerProof ? "orders-dest" : null)
            .build();
    CutoverWorkflow cutover = start(client, worker, request);
    for (Gate gate : List.of(Gate.FREEZE, Gate.STOP)) {
      awaitPendingGate(cutover, gate);
      env.sleep(gate == Gate.FREEZE ? freezeApprovedAfter : stopApprovedAfter);
      cutover.approve(GateAction.of(gate, "bob", ""));
    }
    assertEquals(Outcome.COMPLETED, result(cutover).outcome());
    List<HistoryEvent> events = client.fetchHistory(request.workflowId()).getEvents();
    Map<String, Integer> byType = new TreeMap<>();
    events.forEach(e -> byType.merge(e.getEventType().name(), 1, Integer::sum));
    int limit =
        LIMIT
            + (verification == null ? 0 : VERIFICATION_EVENTS)
            + (markerProof ? MARKER_PROOF_EVENTS : 0);
    assertTrue(events.size() <= limit, jobId + ": " + events.size() + " events " + byType);
    return events.size();
  }
}
