package io.dtscutover.workflow;

import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.Async;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Shows a cutover's state outside the workflow: the search attributes and the Web UI's current
 * details.
 *
 * <p>To keep history short, search attributes are written once per step, not once per change: a
 * background workflow thread writes them when the runbook next blocks (on an activity, a timer or a
 * person), with only the values that changed since the last write, so phases passed through without
 * waiting cost no event. A terminal phase is written at once, since the run may end without
 * blocking again.
 */
final class CutoverPublisher {
  /** The pending-gate value while a manual freeze waits for {@code confirmWritesStopped}. */
  static final String WRITES_STOPPED_GATE = "writes-stopped";

  private final CutoverRequest request;

  /** What the search attributes hold (as written at start or by the last upsert). */
  private String jobId;

  private String region;
  private String phase;
  private String gate;

  /** What they should hold; written by {@link #flush}. */
  private String wantedPhase;

  private String wantedGate;
  private boolean flusherStarted;

  CutoverPublisher(CutoverRequest request) {
    this.request = request;
  }

  void publish(CutoverStatus status, Instant now) {
    if (!flusherStarted) {
      flusherStarted = true;
      SearchAttributes atStart = Workflow.getTypedSearchAttributes();
      jobId = atStart.get(CutoverSearchAttributes.JOB_ID);
      region = atStart.get(CutoverSearchAttributes.REGION);
      phase = atStart.get(CutoverSearchAttributes.PHASE);
      gate = atStart.get(CutoverSearchAttributes.PENDING_GATE);
      Async.procedure(this::flushWhenBlocked);
    }
    wantedPhase = status.phase().name();
    wantedGate = pendingGate(status);
    if (status.phase().isTerminal()) {
      flush();
    }
    Workflow.setCurrentDetails(CutoverMarkdown.status(status, now));
  }

  private void flushWhenBlocked() {
    while (true) {
      Workflow.await(this::changed);
      flush();
    }
  }

  private boolean changed() {
    return !Objects.equals(jobId, request.jobId())
        || !Objects.equals(region, request.regionId())
        || !Objects.equals(phase, wantedPhase)
        || !Objects.equals(gate, wantedGate);
  }

  private void flush() {
    if (wantedPhase == null || !changed()) {
      return;
    }
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    if (!Objects.equals(jobId, request.jobId())) {
      updates.add(CutoverSearchAttributes.JOB_ID.valueSet(request.jobId()));
      jobId = request.jobId();
    }
    if (!Objects.equals(region, request.regionId())) {
      updates.add(CutoverSearchAttributes.REGION.valueSet(request.regionId()));
      region = request.regionId();
    }
    if (!Objects.equals(phase, wantedPhase)) {
      updates.add(CutoverSearchAttributes.PHASE.valueSet(wantedPhase));
      phase = wantedPhase;
    }
    if (!Objects.equals(gate, wantedGate)) {
      updates.add(
          wantedGate == null
              ? CutoverSearchAttributes.PENDING_GATE.valueUnset()
              : CutoverSearchAttributes.PENDING_GATE.valueSet(wantedGate));
      gate = wantedGate;
    }
    Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
  }

  /** The gate a person is expected to act on, as the search attribute shows it. */
  static String pendingGate(CutoverStatus status) {
    if (status.request() != null && status.request().waveId() != null) {
      // A member's gates are decided by its wave, which shows the gate a person decides.
      return null;
    }
    if (status.pendingGate() != null) {
      return status.pendingGate().cliName();
    }
    return status.awaitingWritesStopped() ? WRITES_STOPPED_GATE : null;
  }
}
