package io.dtscutover.workflow;

import io.dtscutover.approval.GateDecision;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.proof.MarkerProof;
import java.time.Instant;
import java.util.List;

/**
 * The result of a cutover: how it ended and the full audit trail behind it.
 *
 * @param reason why it ended this way, as a stable code: scripts and exit codes use it
 * @param message why it ended this way, in sentences for people (for ABORTED and FAILED, the named
 *     cause), followed by any notes (a source left frozen, a task not released)
 * @param sourceFrozen the source was left frozen (at COMPLETED unless {@code unfreezeAfterStop})
 * @param taskStopped {@code StopDtsJob} took effect: the task is Finished
 * @param taskDeleted the task was released
 * @param lagReadings lag at each gate and before the stop
 * @param dtsRequestIds the request id of every DTS call that changed or judged the task
 * @param plan for a dry run, the steps a real run would take next; otherwise empty
 * @param holdRestarts how often a held wait (the quiet window) had to start over: the condition
 *     broke, or a DTS reading failed or went missing (time nobody watched is not quiet time)
 * @param verification the last reading of DTS data verification, when the request requires it:
 *     progress per check and the tables with differences (names and counts, never row data)
 * @param marker the marker proof (written and seen times, marker lag), or {@code null} when the
 *     request asks for none or no marker was written yet
 */
public record CutoverReport(
    String workflowId,
    CutoverRequest request,
    Outcome outcome,
    ReasonCode reason,
    String message,
    Instant startedAt,
    Instant endedAt,
    boolean sourceFrozen,
    boolean taskStopped,
    boolean taskDeleted,
    JobSnapshot lastSnapshot,
    List<GateDecision> decisions,
    List<LagReading> lagReadings,
    List<String> dtsRequestIds,
    List<TimelineEntry> timeline,
    List<String> plan,
    int holdRestarts,
    VerificationState verification,
    MarkerProof marker) {}
