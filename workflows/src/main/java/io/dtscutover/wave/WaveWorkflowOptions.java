package io.dtscutover.wave;

import io.dtscutover.workflow.CutoverSearchAttributes;
import io.dtscutover.workflow.Phase;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.ChildWorkflowOptions;
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
        .setStaticSummary(summary(request))
        .setStaticDetails(details(request))
        .setTypedSearchAttributes(searchAttributes(request));
  }

  /**
   * The start action of a wave's schedule: a {@link ScheduledWaveWorkflow} run, which starts the
   * wave itself as {@code wave-<waveId>}. Schedules append each run's time to this id and refuse id
   * policies, so none are set.
   */
  public static WorkflowOptions.Builder forScheduledRun(WaveRequest request, String taskQueue) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId("scheduled-" + request.workflowId())
        .setTaskQueue(taskQueue)
        .setStaticSummary("Scheduled " + summary(request).toLowerCase(java.util.Locale.ROOT))
        .setStaticDetails(details(request));
  }

  /**
   * The same wave as a child of a scheduled run ({@link ScheduledWaveWorkflow}): same id, summary
   * and search attributes. The child outlives its parent, so terminating a schedule's run never
   * leaves sources frozen half-way.
   */
  public static ChildWorkflowOptions.Builder forChild(WaveRequest request) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(request.workflowId())
        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary(summary(request))
        .setStaticDetails(details(request))
        .setTypedSearchAttributes(searchAttributes(request));
  }

  private static String summary(WaveRequest request) {
    return "Wave "
        + request.waveId()
        + " of "
        + request.jobs().size()
        + " DTS jobs"
        + (request.dryRun() ? " (dry run)" : "");
  }

  private static String details(WaveRequest request) {
    return "Jobs: "
        + request.jobs().stream()
            .map(job -> job.regionId() + "/" + job.jobId())
            .collect(Collectors.joining(", "))
        + "; requested by "
        + request.requestedBy()
        + "; freeze budget "
        + request.maxFreeze();
  }

  private static SearchAttributes searchAttributes(WaveRequest request) {
    return SearchAttributes.newBuilder()
        .set(CutoverSearchAttributes.WAVE_ID, request.waveId())
        .set(CutoverSearchAttributes.PHASE, Phase.PREFLIGHT.name())
        .build();
  }
}
