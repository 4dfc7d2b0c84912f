package io.dtscutover.workflow;

import io.dtscutover.approval.Gate;
import io.dtscutover.dts.JobSnapshot;

/**
 * The steps of the runbook after the route is chosen, as {@link CutoverWorkflowImpl#runbook(Route,
 * JobSnapshot, CutoverRequest, RunbookSteps)} walks them. Two implementations: the workflow itself
 * takes each step for real; {@link RunbookPlan} writes one sentence per step for a dry run. Because
 * both are walked by that one method, a dry run's plan lists exactly the steps a real run takes, in
 * the same order.
 *
 * <p>Whether a step applies at all is decided by the walk, from the request and the route, never
 * inside a step; a step may still end the run (by throwing {@link RunbookStop}), and the real step
 * may find at run time that there is nothing left to do (a window already open, a delete gate
 * rejected), which its plan sentence says.
 */
interface RunbookSteps {
  /** Full-load-only: wait for DTS to finish the full load by itself. */
  void waitForFullLoadEnd();

  /** Incremental, still in full load: wait until incremental migration runs. */
  void waitForIncremental();

  /** With a maintenance window: wait for it to open; refuse a freeze too late to reach the stop. */
  void waitForWindow();

  /** Wait for lag at most the threshold, before any downtime; returns the reading that met it. */
  JobSnapshot waitForLowLag();

  /** The gate: decided by a person, a policy or its deadline; anything but a pass ends the run. */
  void requireGate(Gate gate, JobSnapshot reading);

  /** Stop writes on the source (by the request's strategy) and start the freeze budget. */
  void freezeSource();

  /** With marker proof: wait for zero lag before the marker is written. */
  void waitForZeroLag();

  /** With marker proof: write a marker on the source and wait until the destination shows it. */
  void proveWithMarker();

  /** Wait for zero lag held for the quiet window; returns the reading that ended it. */
  JobSnapshot holdZeroLag();

  /** With a freeze a worker applies: prove it still holds, {@code moment} naming when. */
  void verifyFreeze(String moment);

  /** With {@code requireVerification}: wait for DTS data verification to pass. */
  void awaitDataVerification();

  /** Stop-as-is: read the task again; it must still be as the person accepted it. */
  void confirmStillAsAccepted(JobSnapshot accepted);

  /** Incremental: the last reading before the stop; it must still be caught up. */
  void confirmReadyToStop();

  /**
   * Incremental, with a freeze a worker applies: the last reading before the stop and the proof
   * that the freeze still holds, taken at once; the task must still be caught up and no write may
   * have got through.
   */
  void confirmReadyToStopWhileFrozen();

  /** A member of a wave: wait until the wave orders every job's stop. */
  void awaitWaveStop();

  /** {@code StopDtsJob}, the point of no return, then wait for Finished. */
  void stopTask();

  /** With {@code deleteAfterStop}: the delete gate, then {@code DeleteDtsJob}. */
  void deleteTask();

  /** After an incremental stop: lift the freeze when asked, else say the source stays frozen. */
  void endFreeze();

  /** The run completed: {@code summary} is the report's message. */
  void complete(ReasonCode code, String summary);
}
