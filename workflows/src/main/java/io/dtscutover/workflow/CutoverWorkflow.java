package io.dtscutover.workflow;

import io.dtscutover.guard.FreezeGuardWorkflow;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Ends one DTS migration safely: the runbook of docs/design.md ("The runbook"), one run per job
 * (workflow id {@link CutoverIds#workflowId}).
 *
 * <p>People act through validated updates: an invalid action (an approver who is not allowed, a
 * gate that is not pending, an abort after the point of no return) is refused before it reaches the
 * history, and the caller gets the reason. Signals with the same meaning exist for tools that can
 * only signal; an invalid signal is recorded in the timeline and ignored. Every update and signal
 * takes one object and every update answers one object ({@link ActionResult}), so fields can be
 * added without breaking callers; {@code docs/temporal-contract.md} is the contract for clients
 * other than our CLI.
 */
@WorkflowInterface
public interface CutoverWorkflow {

  /** Runs the cutover and returns its report; aborts and failures are reported, not thrown. */
  @WorkflowMethod
  CutoverReport run(CutoverRequest request);

  /** The current state: phase, last reading, pending gate, decisions, timeline. */
  @QueryMethod(
      description =
          "The cutover's state: phase, reason, last DTS reading, pending gate and its deadline,"
              + " decisions, timeline.")
  CutoverStatus status();

  /** Approves the pending gate. Refused (type CutoverRefused) unless that gate is pending. */
  @UpdateMethod(
      description =
          "Approve the gate the cutover waits at. Input {\"gate\": \"freeze|stop|delete\","
              + " \"by\": \"NAME\", \"comment\": \"...\"}.")
  ActionResult approve(GateAction action);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(GateAction action);

  /** Rejects the pending gate: the cutover aborts and restores the source. */
  @UpdateMethod(
      description =
          "Reject the gate the cutover waits at: it aborts and restores the source. Input"
              + " {\"gate\": \"freeze|stop|delete\", \"by\": \"NAME\", \"reason\": \"...\"}.")
  ActionResult reject(GateAction action);

  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(GateAction action);

  /** Aborts before the point of no return: the source is restored, the task left running. */
  @UpdateMethod(
      description =
          "Abort before the point of no return: the source is restored, the DTS task keeps"
              + " running. Input {\"by\": \"NAME\", \"reason\": \"...\"}.")
  ActionResult abort(AbortAction action);

  @UpdateValidatorMethod(updateName = "abort")
  void validateAbort(AbortAction action);

  /** For the manual freeze: the operator confirms that writes on the source have stopped. */
  @UpdateMethod(
      description =
          "Manual freeze: confirm that the writers on the source have stopped. Input {\"by\":"
              + " \"NAME\"}.")
  ActionResult confirmWritesStopped(WritesStopped action);

  @UpdateValidatorMethod(updateName = "confirmWritesStopped")
  void validateConfirmWritesStopped(WritesStopped action);

  /** Signal form of {@link #approve}. */
  @SignalMethod(
      name = "approveSignal",
      description =
          "Signal form of approve, for tools that can only signal; an invalid one is recorded in"
              + " the timeline and ignored.")
  void approveSignal(GateAction action);

  /** Signal form of {@link #reject}. */
  @SignalMethod(
      name = "rejectSignal",
      description = "Signal form of reject; an invalid one is recorded and ignored.")
  void rejectSignal(GateAction action);

  /** Signal form of {@link #abort}. */
  @SignalMethod(
      name = "abortSignal",
      description = "Signal form of abort; an invalid one is recorded and ignored.")
  void abortSignal(AbortAction action);

  /** Signal form of {@link #confirmWritesStopped}. */
  @SignalMethod(
      name = "confirmWritesStoppedSignal",
      description = "Signal form of confirmWritesStopped; an invalid one is recorded and ignored.")
  void confirmWritesStoppedSignal(WritesStopped action);

  /**
   * From the cutover's wave ({@link CutoverRequest#waveId}): every member is ready to stop, send
   * {@code StopDtsJob} now. {@code by} must be the wave ({@link CutoverIds#waveWorkflowId}); any
   * other sender is recorded and ignored.
   */
  @SignalMethod(
      name = "waveStopSignal",
      description =
          "Sent by the cutover's wave when every job of the wave is ready to stop; not for people.")
  void waveStop(String by);

  /**
   * From the cutover's {@link FreezeGuardWorkflow}: it restored the source because this run had
   * neither restored it nor claimed the point of no return by the budget's end plus its margin.
   * Recorded in the timeline and the report's notes.
   */
  @SignalMethod(
      name = FreezeGuardWorkflow.RESTORED_SIGNAL,
      description =
          "Sent by the cutover's freeze guard when it restored the source itself; not for people.")
  void freezeGuardRestoredSource(String reason);
}
