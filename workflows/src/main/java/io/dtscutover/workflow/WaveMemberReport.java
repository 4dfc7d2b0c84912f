package io.dtscutover.workflow;

import io.dtscutover.dts.JobSnapshot;
import java.time.Instant;

/**
 * What a member of a wave tells its wave (signal {@link #SIGNAL}) when it reaches a point the wave
 * waits for: a gate, or readiness to stop. Only these moments are reported, never each poll, so the
 * wave's history grows with the number of jobs, not with time.
 *
 * @param workflowId the member cutover's workflow id ({@code cutover-<region>-<job>})
 * @param runId its run id: a report from an earlier run of the same job is ignored
 * @param point where the member is
 * @param phase its phase
 * @param frozen its source is frozen right now
 * @param lastReading its last DTS reading, or {@code null}
 * @param at when it got there (workflow time)
 */
public record WaveMemberReport(
    String workflowId,
    String runId,
    Point point,
    Phase phase,
    boolean frozen,
    JobSnapshot lastReading,
    Instant at) {

  /** The wave's signal that receives these reports. */
  public static final String SIGNAL = "waveMemberReport";

  /** The moments a member reports. */
  public enum Point {
    /** At low lag, waiting at the freeze gate for the wave's decision. */
    AT_FREEZE_GATE,
    /** Frozen and at zero lag held for the quiet window, waiting at the stop gate. */
    AT_STOP_GATE,
    /**
     * The stop gate passed, a fresh reading shows zero lag and the freeze holds: waiting for the
     * wave to order the stop ({@link CutoverWorkflow#waveStop}).
     */
    READY_TO_STOP
  }
}
