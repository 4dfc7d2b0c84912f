package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitGate;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitStatus;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.approval.GateDecision;
import io.dtscutover.approval.GateVerdict;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApprovalGateTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private final FakeDtsActivities dts =
      new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));
  private final FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();

  @Test
  void gateNobodyDecidesExpiresAndAbortsBeforeAnyDowntime(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    ApprovalPolicy policy =
        new ApprovalPolicy(
            Set.of(Gate.FREEZE), List.of(), false, Duration.ofMinutes(10), Map.of(), Set.of());

    CutoverReport report = result(start(client, worker, request().approval(policy).build()));

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(ReasonCode.GATE_EXPIRED, report.reason(), report.message());
    GateDecision decision = report.decisions().get(0);
    assertEquals(GateVerdict.EXPIRED, decision.verdict());
    assertTrue(source.calls.isEmpty(), "nothing was frozen");
  }

  @Test
  void rejectedFreezeGateAbortsWithNothingFrozen(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.FREEZE)).build());
    awaitGate(cutover, Gate.FREEZE);

    cutover.reject(new GateAction(Gate.FREEZE, "bob", null, "traffic peak"));
    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(ReasonCode.GATE_REJECTED, report.reason(), report.message());
    assertEquals("freeze gate rejected by bob: traffic peak", report.message());
    assertTrue(source.calls.isEmpty());
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void rejectedStopGateRestoresTheSource(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.STOP)).build());
    awaitGate(cutover, Gate.STOP);
    assertTrue(source.frozen);

    cutover.reject(new GateAction(Gate.STOP, "bob", null, "destination not ready"));
    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome());
    assertFalse(source.frozen);
    assertEquals(1, source.count("unfreeze"));
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void validatorsRefuseWrongApproversAndGatesWithoutTouchingTheCutover(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    ApprovalPolicy policy =
        new ApprovalPolicy(
            Set.of(Gate.FREEZE),
            List.of("alice", "bob"),
            true,
            Duration.ofHours(1),
            Map.of(),
            Set.of());
    CutoverWorkflow cutover = start(client, worker, request().approval(policy).build());
    awaitGate(cutover, Gate.FREEZE);

    assertRefused(
        "mallory is not an allowed approver",
        () -> cutover.approve(GateAction.of(Gate.FREEZE, "mallory", "")));
    assertRefused(
        "two-person rule: alice requested this cutover",
        () -> cutover.approve(GateAction.of(Gate.FREEZE, "alice", "")));
    assertRefused(
        "the stop gate is not waiting for a decision (the freeze gate is)",
        () -> cutover.approve(GateAction.of(Gate.STOP, "bob", "")));
    assertRefused(
        "an approver name is required", () -> cutover.approve(GateAction.of(Gate.FREEZE, " ", "")));

    CutoverStatus status = cutover.status();
    assertEquals(Gate.FREEZE, status.pendingGate(), "still waiting");
    assertTrue(status.decisions().isEmpty());

    cutover.approve(GateAction.of(Gate.FREEZE, "bob", "go"));
    assertEquals(Outcome.COMPLETED, result(cutover).outcome());
  }

  @Test
  void invalidSignalsAreRecordedAndIgnoredValidOnesAct(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.FREEZE)).build());
    awaitGate(cutover, Gate.FREEZE);

    cutover.approveSignal(GateAction.of(Gate.FREEZE, "alice", "self approval"));
    CutoverStatus status =
        awaitStatus(
            cutover,
            "the ignored signal in the timeline",
            s -> s.timeline().stream().anyMatch(e -> e.event().startsWith("ignored approve")));
    assertEquals(Gate.FREEZE, status.pendingGate());

    cutover.approveSignal(GateAction.of(Gate.FREEZE, "bob", "by signal"));
    CutoverReport report = result(cutover);
    assertEquals(Outcome.COMPLETED, report.outcome());
    assertEquals("bob", report.decisions().get(0).by());
  }

  @Test
  void autoApprovalPassesGatesWithoutAPerson(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    ApprovalPolicy scheduled =
        new ApprovalPolicy(
            Set.of(Gate.FREEZE, Gate.STOP),
            List.of(),
            false,
            Duration.ofMinutes(5),
            Map.of(),
            Set.of(Gate.FREEZE, Gate.STOP));

    CutoverReport report = result(start(client, worker, request().approval(scheduled).build()));

    assertEquals(Outcome.COMPLETED, report.outcome());
    assertEquals(
        List.of(GateVerdict.AUTO_APPROVED, GateVerdict.AUTO_APPROVED),
        report.decisions().stream().map(GateDecision::verdict).toList());
  }

  private static void assertRefused(String expected, Runnable update) {
    WorkflowUpdateException refused = assertThrows(WorkflowUpdateException.class, update::run);
    ApplicationFailure failure = (ApplicationFailure) refused.getCause();
    assertEquals(CutoverFailures.REFUSED, failure.getType());
    assertTrue(failure.getOriginalMessage().contains(expected), failure.getOriginalMessage());
    assertFalse(failure.getOriginalMessage().contains("--"), "no CLI flag in a refusal");
  }
}
