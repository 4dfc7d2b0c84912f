package io.dtscutover.workflow;

import io.dtscutover.approval.Gate;

/**
 * Why an update or signal from a person is refused, or {@code null} when it may act: the rules of
 * the update validators and signal handlers of {@link CutoverWorkflowImpl}. Pure functions of the
 * request, the cutover's state and the input, tested with plain JUnit.
 */
final class ActionRefusals {
  private ActionRefusals() {}

  /**
   * Why {@code who} cannot act at all: not a name of {@link Identifiers#NAME} (a newline in it
   * would forge a line of the timeline). A missing name is left to the action's own rule.
   */
  static String name(String who) {
    return who == null || who.isBlank() ? null : Identifiers.nameProblem("name (by)", who);
  }

  /** Why {@code action} cannot approve or reject its gate now. */
  static String decision(CutoverState state, CutoverRequest request, GateAction action) {
    if (action == null) {
      return "send {\"gate\": ..., \"by\": ...}";
    }
    Gate gate = action.gate();
    String who = action.by();
    if (gate == null) {
      return "name a gate: one of " + Gate.names();
    }
    if (state.phase.isTerminal()) {
      return "the cutover has already ended (" + state.phase + ")";
    }
    if (state.pendingGate != gate) {
      return "the "
          + gate.cliName()
          + " gate is not waiting for a decision"
          + (state.pendingGate == null
              ? " (phase " + state.phase + ")"
              : " (the " + state.pendingGate.cliName() + " gate is)");
    }
    if (state.decisionOn(gate) != null) {
      return "the " + gate.cliName() + " gate was already decided";
    }
    if (request.waveId() != null && !CutoverIds.waveWorkflowId(request.waveId()).equals(who)) {
      return "this job is a member of wave "
          + request.waveId()
          + ", whose gates decide for every job: cutover approve --wave-id "
          + request.waveId()
          + " --gate "
          + gate.cliName()
          + " --as YOUR_NAME";
    }
    return request.approval().refusal(who, request.requestedBy());
  }

  /** Why {@code action} cannot abort now: only before the point of no return, once. */
  static String abort(CutoverState state, AbortAction action) {
    if (action == null || action.by() == null || action.by().isBlank()) {
      return "say who aborts (by)";
    }
    if (state.phase.isTerminal()) {
      return "the cutover has already ended (" + state.phase + ")";
    }
    if (state.pointOfNoReturn) {
      return "the cutover passed the point of no return (StopDtsJob was sent): it can only roll"
          + " forward";
    }
    if (state.stopSending) {
      return "StopDtsJob is being sent: the cutover can only roll forward unless DTS refuses it"
          + " (a refusal aborts and restores the source by itself)";
    }
    if (state.abortRequest != null) {
      return "an abort by " + Quoted.of(state.abortRequest.by()) + " is already under way";
    }
    return null;
  }

  /** Why {@code action} cannot confirm that writes stopped: only a waiting manual freeze, once. */
  static String confirm(CutoverState state, CutoverRequest request, WritesStopped action) {
    if (action == null || action.by() == null || action.by().isBlank()) {
      return "say who confirms (by)";
    }
    if (!state.awaitingWritesStopped || state.writesStoppedBy != null) {
      return "no manual freeze is waiting for confirmation (phase " + state.phase + ")";
    }
    return request.approval().refusal(action.by(), request.requestedBy());
  }
}
