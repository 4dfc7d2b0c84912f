package io.dtscutover.workflow;

import io.dtscutover.approval.Gate;
import io.dtscutover.approval.GateDecision;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.proof.MarkerProof;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a cutover knows, in one place: the runbook writes it, update and signal handlers
 * change only the requests in it, the query and the report read it.
 */
final class CutoverState {
  /** An abort asked for by a person, waiting for the runbook to act on it. */
  record AbortRequest(String by, String reason) {}

  Instant startedAt;
  Phase phase = Phase.PREFLIGHT;
  JobSnapshot lastSnapshot;

  Gate pendingGate;
  Instant pendingGateDeadline;
  final List<GateDecision> decisions = new ArrayList<>();
  boolean awaitingWritesStopped;
  String writesStoppedBy;
  AbortRequest abortRequest;

  /** Set once {@code prepare} returned: from then on, every abort restores the source with it. */
  FreezeReceipt receipt;

  FreezeProof freezeBaseline;
  boolean frozen;
  Instant frozenAt;
  Deadline freezeDeadline;

  /** The earliest of the freeze budget and the window's end, set when the freeze starts. */
  Deadline stopDeadline;

  /** Any reading said PrePaid: a subscription instance, which the API cannot release. */
  boolean prePaid;

  /**
   * How often a held wait (the quiet window) restarted: a break, or a failed or missing reading.
   */
  int holdRestarts;

  /**
   * A {@code StopDtsJob} is in flight: aborts are refused, but the point is not crossed, so a
   * refusal by DTS still restores the source.
   */
  boolean stopSending;

  /** Crossed once DTS accepted the stop or its outcome is unknown. */
  boolean pointOfNoReturn;

  boolean taskStopped;
  boolean taskDeleted;

  /** For a member of a wave: the wave ordered the stop. */
  String waveStopBy;

  final List<TimelineEntry> timeline = new ArrayList<>();
  final List<LagReading> lagReadings = new ArrayList<>();
  final List<String> dtsRequestIds = new ArrayList<>();
  final List<String> plan = new ArrayList<>();
  final List<String> notes = new ArrayList<>();

  /** The marker proof, once a marker was written; {@code null} without one. */
  MarkerProof marker;

  String error;
  String summary;
  Outcome outcome;
  ReasonCode reason;

  /** The last reading of DTS data verification, when the request requires it. */
  VerificationState verification;

  /** What made the last gate expire: its own deadline, the freeze budget or the window. */
  ReasonCode expiredBy;

  /** The decision on {@code gate} in this run, or {@code null}. */
  GateDecision decisionOn(Gate gate) {
    for (GateDecision decision : decisions) {
      if (decision.gate() == gate) {
        return decision;
      }
    }
    return null;
  }

  void addRequestId(String requestId) {
    if (requestId != null && !requestId.isBlank()) {
      dtsRequestIds.add(requestId);
    }
  }

  CutoverStatus toStatus(String workflowId, CutoverRequest request) {
    return new CutoverStatus(
        workflowId,
        request,
        phase,
        lastSnapshot,
        pendingGate,
        pendingGateDeadline,
        awaitingWritesStopped,
        List.copyOf(decisions),
        List.copyOf(timeline),
        frozen,
        frozenAt,
        frozen && !pointOfNoReturn && freezeDeadline != null ? freezeDeadline.at() : null,
        pointOfNoReturn,
        error,
        outcome,
        holdRestarts,
        reason,
        verification,
        marker);
  }

  CutoverReport toReport(String workflowId, CutoverRequest request, Instant endedAt) {
    String message = error != null ? error : summary;
    if (!notes.isEmpty()) {
      message = (message == null ? "" : message + ". ") + String.join(". ", notes);
    }
    return new CutoverReport(
        workflowId,
        request,
        outcome,
        reason,
        message,
        startedAt,
        endedAt,
        frozen,
        taskStopped,
        taskDeleted,
        lastSnapshot,
        List.copyOf(decisions),
        List.copyOf(lagReadings),
        List.copyOf(dtsRequestIds),
        List.copyOf(timeline),
        List.copyOf(plan),
        holdRestarts,
        verification,
        marker);
  }
}
