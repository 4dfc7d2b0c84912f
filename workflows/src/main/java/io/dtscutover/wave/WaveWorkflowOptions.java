package io.dtscutover.wave;

import io.dtscutover.workflow.CutoverSearchAttributes;
import io.dtscutover.workflow.Phase;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.util.stream.Collectors;

/**
 * How every client starts a wave: the id {@code wave-<waveId>} (one live wave of that name), the
 * Web UI summary and the search attributes {@code CutoverWaveId} and {@code CutoverPhase}.
 */
public final class WaveWorkflowOptions {
  private WaveWorkflowOptions() {}

  public static WorkflowOptions.Builder forRequest(WaveRequest request, String taskQueue) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(request.workflowId())
        .setTaskQueue(taskQueue)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary(
            "Wave "
                + request.waveId()
                + " of "
                + request.jobs().size()
                + " DTS jobs"
                + (request.dryRun() ? " (dry run)" : ""))
        .setStaticDetails(
            "Jobs: "
                + request.jobs().stream()
                    .map(job -> job.regionId() + "/" + job.jobId())
                    .collect(Collectors.joining(", "))
                + "; requested by "
                + request.requestedBy()
                + "; freeze budget "
                + request.maxFreeze())
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder()
                .set(CutoverSearchAttributes.WAVE_ID, request.waveId())
                .set(CutoverSearchAttributes.PHASE, Phase.PREFLIGHT.name())
                .build());
  }
}
