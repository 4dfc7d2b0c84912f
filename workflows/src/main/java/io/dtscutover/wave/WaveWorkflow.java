package io.dtscutover.wave;

import io.dtscutover.workflow.AbortAction;
import io.dtscutover.workflow.ActionResult;
import io.dtscutover.workflow.GateAction;
import io.dtscutover.workflow.WaveMemberReport;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Cuts many DTS jobs over together (workflow id {@code wave-<waveId>}): every job is a child
 * cutover under its own id ({@code cutover-<region>-<job>}), so one live cutover per job still
 * holds and {@code cutover status} of a job still works.
 *
 * <p>Together: every job is preflighted and waits for low lag; one freeze gate; every source is
 * frozen; every job holds zero lag for its quiet window and is read caught up again; one stop gate;
 * every job is stopped. Before the wave's point of no return (its order to stop), any job that
 * aborts or fails aborts the wave: every source is restored and no task is stopped. From the order
 * on, the wave rolls forward: a job whose stop did not take effect is cut over again, never a
 * stopped job's source unfrozen, and the report names exactly the jobs stopped.
 *
 * <p>People decide the wave's gates with the same updates as a cutover's (same inputs, same
 * refusals); the jobs' own gates accept only the wave.
 */
@WorkflowInterface
public interface WaveWorkflow {

  /** Runs the wave and returns its report; aborts and failures are reported, not thrown. */
  @WorkflowMethod
  WaveReport run(WaveRequest request);

  /** The wave's state and one line per job. */
  @QueryMethod(description = "The wave's phase, pending gate, decisions and one line per job.")
  WaveReport status();

  @UpdateMethod(
      description =
          "Approve the wave gate that waits: {\"gate\": \"freeze|stop\", \"by\": \"NAME\"}.")
  ActionResult approve(GateAction action);

  @UpdateValidatorMethod(updateName = "approve")
  void validateApprove(GateAction action);

  @UpdateMethod(
      description =
          "Reject the wave gate that waits: every job aborts and its source is restored. Input"
              + " {\"gate\": \"freeze|stop\", \"by\": \"NAME\", \"reason\": \"...\"}.")
  ActionResult reject(GateAction action);

  @UpdateValidatorMethod(updateName = "reject")
  void validateReject(GateAction action);

  @UpdateMethod(
      description =
          "Abort the wave before its point of no return: every job aborts and its source is"
              + " restored. Input {\"by\": \"NAME\", \"reason\": \"...\"}.")
  ActionResult abort(AbortAction action);

  @UpdateValidatorMethod(updateName = "abort")
  void validateAbort(AbortAction action);

  /** From a job's cutover: it reached a point the wave waits for. Not for people. */
  @SignalMethod(
      name = WaveMemberReport.SIGNAL,
      description = "Sent by the wave's job cutovers at their gates; not for people.")
  void memberReport(WaveMemberReport report);
}
