package io.dtscutover.workflow;

import io.dtscutover.approval.Gate;
import io.dtscutover.guard.FreezeGuardWorkflow;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Ends one DTS migration safely: the runbook of DESIGN section 2, one run per job (workflow id
 * {@link CutoverIds#workflowId}).
 *
 * <p>People act through validated updates: an invalid action (an approver who is not allowed, a
 * gate that is not pending, an abort after the point of no return) is refused before it reaches the
 * history, and the caller gets the reason. Signals with the same meaning exist for tools that can
 * only signal; an invalid signal is recorded in the timeline and ignored.
 */
@WorkflowInterface
public interface CutoverWorkflow {

  /** Runs the cutover and returns its report; aborts and failures are reported, not thrown. */
  @WorkflowMethod
  CutoverReport run(CutoverRequest request);

  /** The current state: phase, last reading, pending gate, decisions, timeline. */
  @QueryMethod
  CutoverStatus status();

  /** Approves the pending {@code gate}. Returns what happens next. */
  @UpdateMethod
  String approve(Gate gate, String approver, String comment);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(Gate gate, String approver, String comment);

  /** Rejects the pending {@code gate}: the cutover aborts and restores the source. */
  @UpdateMethod
  String reject(Gate gate, String approver, String reason);

  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(Gate gate, String approver, String reason);

  /** Aborts before the point of no return: the source is restored, the task left running. */
  @UpdateMethod
  String abort(String by, String reason);

  @UpdateValidatorMethod(updateName = "abort")
  void validateAbort(String by, String reason);

  /** For the manual freeze: the operator confirms that writes on the source have stopped. */
  @UpdateMethod
  String confirmWritesStopped(String by);

  @UpdateValidatorMethod(updateName = "confirmWritesStopped")
  void validateConfirmWritesStopped(String by);

  /** Signal form of {@link #approve}. */
  @SignalMethod(name = "approveSignal")
  void approveSignal(Gate gate, String approver, String comment);

  /** Signal form of {@link #reject}. */
  @SignalMethod(name = "rejectSignal")
  void rejectSignal(Gate gate, String approver, String reason);

  /** Signal form of {@link #abort}. */
  @SignalMethod(name = "abortSignal")
  void abortSignal(String by, String reason);

  /** Signal form of {@link #confirmWritesStopped}. */
  @SignalMethod(name = "confirmWritesStoppedSignal")
  void confirmWritesStoppedSignal(String by);

  /**
   * From the cutover's {@link FreezeGuardWorkflow}: it restored the source because this run had
   * neither restored it nor claimed the point of no return by the budget's end plus its margin.
   * Recorded in the timeline and the report's notes.
   */
  @SignalMethod(name = FreezeGuardWorkflow.RESTORED_SIGNAL)
  void freezeGuardRestoredSource(String reason);
}
