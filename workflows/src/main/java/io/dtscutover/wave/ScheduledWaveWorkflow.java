package io.dtscutover.wave;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * What a Temporal Schedule of a wave starts: one attempt at the wave. Schedules give each run its
 * own workflow id (the schedule's id plus the run's time), which would let a scheduled wave run
 * beside the same wave started by hand. So this run starts the wave as a child under the wave's own
 * id ({@code wave-<waveId>}): while that wave is live, the scheduled run is skipped with reason
 * ALREADY_RUNNING and changes nothing, and people address the wave exactly as one started by {@code
 * cutover wave start}. The schedule's overlap policy SKIP keeps two scheduled runs apart; this id
 * keeps a scheduled run apart from a wave started by hand.
 */
@WorkflowInterface
public interface ScheduledWaveWorkflow {

  /**
   * Runs the wave of {@code request} and returns its report; when the wave is already live, returns
   * an ABORTED report that names it and changes nothing.
   */
  @WorkflowMethod
  WaveReport run(WaveRequest request);
}
