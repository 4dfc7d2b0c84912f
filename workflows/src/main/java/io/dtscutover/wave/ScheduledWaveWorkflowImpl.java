package io.dtscutover.wave;

import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.Phase;
import io.dtscutover.workflow.ReasonCode;
import io.dtscutover.workflow.ScheduledRun;
import io.dtscutover.workflow.TimelineEntry;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

/** Starts the wave as a child under the wave's own workflow id; see the interface. */
public class ScheduledWaveWorkflowImpl implements ScheduledWaveWorkflow {

  @Override
  public WaveReport run(WaveRequest request) {
    WaveWorkflow wave =
        Workflow.newChildWorkflowStub(
            WaveWorkflow.class, WaveWorkflowOptions.forChild(request).build());
    return ScheduledRun.runOrSkip(() -> wave.run(request), () -> skipped(request));
  }

  private static WaveReport skipped(WaveRequest request) {
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    String reason =
        "skipped: wave "
            + request.waveId()
            + " is already running as "
            + request.workflowId()
            + "; nothing was changed";
    return new WaveReport(
        request.waveId(),
        request.workflowId(),
        request.requestedBy(),
        Phase.ABORTED,
        null,
        null,
        null,
        false,
        Outcome.ABORTED,
        ReasonCode.ALREADY_RUNNING,
        reason,
        now,
        now,
        List.of(),
        List.of(),
        List.of(new TimelineEntry(now, Phase.ABORTED, reason)));
  }
}
