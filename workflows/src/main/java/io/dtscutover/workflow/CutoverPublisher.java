package io.dtscutover.workflow;

import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Shows a cutover's state outside the workflow: the search attributes (only when a value changed,
 * to keep history short) and the Web UI's current details.
 */
final class CutoverPublisher {
  /** The pending-gate value while a manual freeze waits for {@code confirmWritesStopped}. */
  static final String WRITES_STOPPED_GATE = "writes-stopped";

  private final CutoverRequest request;
  private boolean identified;
  private String phase;
  private String gate;

  CutoverPublisher(CutoverRequest request) {
    this.request = request;
  }

  void publish(CutoverStatus status, Instant now) {
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    if (!identified) {
      updates.add(CutoverSearchAttributes.JOB_ID.valueSet(request.jobId()));
      updates.add(CutoverSearchAttributes.REGION.valueSet(request.regionId()));
      identified = true;
    }
    String newPhase = status.phase().name();
    if (!newPhase.equals(phase)) {
      updates.add(CutoverSearchAttributes.PHASE.valueSet(newPhase));
      phase = newPhase;
    }
    String newGate = pendingGate(status);
    if (!Objects.equals(newGate, gate)) {
      updates.add(
          newGate == null
              ? CutoverSearchAttributes.PENDING_GATE.valueUnset()
              : CutoverSearchAttributes.PENDING_GATE.valueSet(newGate));
      gate = newGate;
    }
    if (!updates.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
    }
    Workflow.setCurrentDetails(CutoverMarkdown.status(status, now));
  }

  /** The gate a person is expected to act on, as the search attribute shows it. */
  static String pendingGate(CutoverStatus status) {
    if (status.pendingGate() != null) {
      return status.pendingGate().cliName();
    }
    return status.awaitingWritesStopped() ? WRITES_STOPPED_GATE : null;
  }
}
