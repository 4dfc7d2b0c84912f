package io.dtscutover.workflow;

import io.dtscutover.approval.Gate;
import io.dtscutover.approval.GateDecision;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.proof.MarkerProof;
import java.time.Instant;
import java.util.List;

/**
 * What {@link CutoverWorkflow#status()} returns: the whole visible state of a cutover.
 *
 * @param pendingGate the gate waiting for a decision, or {@code null}
 * @param pendingGateDeadline when the pending gate expires (and the cutover aborts)
 * @param awaitingWritesStopped a manual freeze waits for {@code confirmWritesStopped}
 * @param frozen the source is frozen right now
 * @param freezeDeadline when the freeze budget runs out, while frozen before the point of no return
 * @param pointOfNoReturn {@code StopDtsJob} was sent: aborts are refused, the run only rolls
 *     forward
 * @param error why the cutover aborted or failed, or {@code null}
 * @param outcome set once the cutover has ended
 * @param holdRestarts how often a held wait (the quiet window) had to start over so far, because
 *     the condition broke or a DTS reading failed or went missing
 * @param reason the stable code of why it ended, set with {@code outcome}
 * @param verification the last reading of DTS data verification, when the request requires it:
 *     progress per check and the tables with differences (names and counts)
 * @param marker the marker proof (written and seen times, marker lag), or {@code null} when the
 *     request asks for none or no marker was written yet
 */
public record CutoverStatus(
    String workflowId,
    CutoverRequest request,
    Phase phase,
    JobSnapshot lastSnapshot,
    Gate pendingGate,
    Instant pendingGateDeadline,
    boolean awaitingWritesStopped,
    List<GateDecision> decisions,
    List<TimelineEntry> timeline,
    boolean frozen,
    Instant frozenAt,
    Instant freezeDeadline,
    boolean pointOfNoReturn,
    String error,
    Outcome outcome,
    int holdRestarts,
    ReasonCode reason,
    VerificationState verification,
    MarkerProof marker) {}
