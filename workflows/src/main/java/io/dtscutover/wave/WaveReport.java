package io.dtscutover.wave;

import io.dtscutover.approval.Gate;
import io.dtscutover.approval.GateDecision;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.Phase;
import io.dtscutover.workflow.ReasonCode;
import io.dtscutover.workflow.TimelineEntry;
import java.time.Instant;
import java.util.List;

/**
 * A wave's state ({@link WaveWorkflow#status}) and, once it ended, its result: the wave's phase and
 * gates, and one line per job.
 *
 * @param phase the wave's phase, in the cutover's terms: {@code WAIT_FOR_LOW_LAG} until every job
 *     is at its freeze gate, {@code WAIT_FOR_ZERO_LAG} until every job is at its stop gate, {@code
 *     STOPPING} from the stop gate's approval on
 * @param pendingGate the wave gate waiting for a decision, or {@code null}
 * @param freezeDeadline when the wave's freeze budget runs out, while frozen before its point of no
 *     return
 * @param pointOfNoReturn the wave ordered the stops: it only rolls forward from here
 * @param outcome set once the wave ended: COMPLETED (every job stopped), ABORTED (no job stopped,
 *     every source restored), FAILED (some jobs stopped and some not: see the jobs), DRY_RUN
 * @param reason the stable code of why it ended
 * @param message why it ended, in sentences, naming the jobs stopped and not stopped
 */
public record WaveReport(
    String waveId,
    String workflowId,
    String requestedBy,
    Phase phase,
    Gate pendingGate,
    Instant pendingGateDeadline,
    Instant freezeDeadline,
    boolean pointOfNoReturn,
    Outcome outcome,
    ReasonCode reason,
    String message,
    Instant startedAt,
    Instant endedAt,
    List<WaveJobStatus> jobs,
    List<GateDecision> decisions,
    List<TimelineEntry> timeline) {

  /** The jobs whose task was stopped. */
  public List<String> stoppedJobs() {
    return jobs.stream().filter(WaveJobStatus::taskStopped).map(WaveJobStatus::jobId).toList();
  }
}
