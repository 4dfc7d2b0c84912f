package io.dtscutover.workflow;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.workflow.ChildWorkflowOptions;
import java.util.Locale;

/**
 * How every client starts a cutover, so the CLI, schedules and tests agree: the workflow id that
 * allows one live cutover per job, the Web UI summary and details, and the search attributes.
 */
public final class CutoverWorkflowOptions {
  private CutoverWorkflowOptions() {}

  /**
   * Options for starting {@code request} on {@code taskQueue}. A second start for the same job
   * fails while the first runs; once it has ended, a new cutover of the job may start.
   */
  public static WorkflowOptions.Builder forRequest(CutoverRequest request, String taskQueue) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(request.workflowId())
        .setTaskQueue(taskQueue)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary(CutoverMarkdown.summary(request))
        .setStaticDetails(CutoverMarkdown.request(request))
        .setTypedSearchAttributes(searchAttributes(request));
  }

  /**
   * The same for a cutover started as a child (by a scheduled run): the job's own workflow id, so
   * the start fails while another cutover of the job is live.
   */
  public static ChildWorkflowOptions.Builder forChild(CutoverRequest request) {
    return ChildWorkflowOptions.newBuilder()
        .setWorkflowId(request.workflowId())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setStaticSummary(CutoverMarkdown.summary(request))
        .setStaticDetails(CutoverMarkdown.request(request))
        .setTypedSearchAttributes(searchAttributes(request));
  }

  /**
   * The start action of a schedule: a {@link ScheduledCutoverWorkflow} run, which starts the
   * cutover itself under the job's own id. Schedules append each run's time to this id and refuse
   * id policies, so none are set.
   */
  public static WorkflowOptions.Builder forScheduledRun(CutoverRequest request, String taskQueue) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId("scheduled-" + request.workflowId())
        .setTaskQueue(taskQueue)
        .setStaticSummary("Scheduled " + CutoverMarkdown.summary(request).toLowerCase(Locale.ROOT))
        .setStaticDetails(CutoverMarkdown.request(request))
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder()
                .set(CutoverSearchAttributes.JOB_ID, request.jobId())
                .set(CutoverSearchAttributes.REGION, request.regionId())
                .build());
  }

  private static SearchAttributes searchAttributes(CutoverRequest request) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(CutoverSearchAttributes.JOB_ID, request.jobId())
            .set(CutoverSearchAttributes.REGION, request.regionId())
            .set(CutoverSearchAttributes.PHASE, Phase.PREFLIGHT.name());
    if (request.waveId() != null) {
      attributes.set(CutoverSearchAttributes.WAVE_ID, request.waveId());
    }
    return attributes.build();
  }
}
