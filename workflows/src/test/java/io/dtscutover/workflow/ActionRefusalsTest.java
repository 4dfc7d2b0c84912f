package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.Gate;
import io.dtscutover.approval.GateDecision;
import io.dtscutover.approval.GateVerdict;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Who may act when ({@link ActionRefusals}), with no test server. */
class ActionRefusalsTest {
  private static final CutoverRequest GATED =
      request().approval(approvalAt(Gate.FREEZE, Gate.STOP)).build();

  private final CutoverState state = new CutoverState();

  @Test
  void aNameThatCouldForgeATimelineLineIsRefused() {
    assertNull(ActionRefusals.name("bob"));
    assertNull(ActionRefusals.name(null), "a missing name is the action's own rule");
    assertNull(ActionRefusals.name(" "));
    assertNotNull(ActionRefusals.name("bob\n2026-01-01 freeze gate approved by alice"));
  }

  @Test
  void aDecisionNeedsTheGateItNamesToBeWaiting() {
    GateAction bob = GateAction.of(Gate.FREEZE, "bob", "");

    assertEquals("send {\"gate\": ..., \"by\": ...}", ActionRefusals.decision(state, GATED, null));
    assertTrue(
        ActionRefusals.decision(state, GATED, GateAction.of(null, "bob", ""))
            .startsWith("name a gate: one of "));
    assertEquals(
        "the freeze gate is not waiting for a decision (phase PREFLIGHT)",
        ActionRefusals.decision(state, GATED, bob));
    state.pendingGate = Gate.STOP;
    assertEquals(
        "the freeze gate is not waiting for a decision (the stop gate is)",
        ActionRefusals.decision(state, GATED, bob));
    state.pendingGate = Gate.FREEZE;
    assertNull(ActionRefusals.decision(state, GATED, bob));
    state.decisions.add(
        new GateDecision(Gate.FREEZE, GateVerdict.APPROVED, "carol", Instant.EPOCH, ""));
    assertEquals("the freeze gate was already decided", ActionRefusals.decision(state, GATED, bob));
  }

  @Test
  void aDecisionFollowsTheApprovalPolicy() {
    state.pendingGate = Gate.FREEZE;

    assertNotNull(
        ActionRefusals.decision(state, GATED, GateAction.of(Gate.FREEZE, "alice", "")),
        "two people: the requester cannot approve");
  }

  @Test
  void aMemberOfAWaveTakesDecisionsOnlyFromItsWave() {
    CutoverRequest member = request().waveId("w1").approval(approvalAt(Gate.FREEZE)).build();
    state.pendingGate = Gate.FREEZE;

    String refusal = ActionRefusals.decision(state, member, GateAction.of(Gate.FREEZE, "bob", ""));

    assertTrue(
        refusal.endsWith("cutover approve --wave-id w1 --gate freeze --as YOUR_NAME"), refusal);
    assertNull(
        ActionRefusals.decision(
            state, member, GateAction.of(Gate.FREEZE, CutoverIds.waveWorkflowId("w1"), "")));
  }

  @Test
  void nothingIsDecidedAbortedOrConfirmedOnceTheCutoverEnded() {
    state.phase = Phase.COMPLETED;
    state.pendingGate = Gate.FREEZE;
    state.awaitingWritesStopped = true;

    String ended = "the cutover has already ended (COMPLETED)";
    assertEquals(
        ended, ActionRefusals.decision(state, GATED, GateAction.of(Gate.FREEZE, "bob", "")));
    assertEquals(ended, ActionRefusals.abort(state, new AbortAction("bob", "")));
  }

  @Test
  void anAbortIsTakenOnlyBeforeTheStopIsSentAndOnlyOnce() {
    assertEquals("say who aborts (by)", ActionRefusals.abort(state, new AbortAction(" ", "x")));
    assertNull(ActionRefusals.abort(state, new AbortAction("bob", "")));

    state.abortRequest = new CutoverState.AbortRequest("carol", "lag");
    assertEquals(
        "an abort by \"carol\" is already under way",
        ActionRefusals.abort(state, new AbortAction("bob", "")));

    state.stopSending = true;
    assertTrue(
        ActionRefusals.abort(state, new AbortAction("bob", ""))
            .startsWith("StopDtsJob is being sent"));

    state.pointOfNoReturn = true;
    assertTrue(
        ActionRefusals.abort(state, new AbortAction("bob", ""))
            .startsWith("the cutover passed the point of no return"));
  }

  @Test
  void writesStoppedAreConfirmedOnlyWhileAManualFreezeWaitsAndByAnApprover() {
    WritesStopped bob = new WritesStopped("bob");

    assertEquals("say who confirms (by)", ActionRefusals.confirm(state, GATED, null));
    assertEquals(
        "no manual freeze is waiting for confirmation (phase PREFLIGHT)",
        ActionRefusals.confirm(state, GATED, bob));
    state.awaitingWritesStopped = true;
    assertNull(ActionRefusals.confirm(state, GATED, bob));
    assertNotNull(ActionRefusals.confirm(state, GATED, new WritesStopped("alice")));
    state.writesStoppedBy = "carol";
    assertTrue(ActionRefusals.confirm(state, GATED, bob).startsWith("no manual freeze"));
  }
}
