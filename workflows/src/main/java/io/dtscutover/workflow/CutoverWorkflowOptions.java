package io.dtscutover.workflow;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;

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
        .setTypedSearchAttributes(
            SearchAttributes.newBuilder()
                .set(CutoverSearchAttributes.JOB_ID, request.jobId())
                .set(CutoverSearchAttributes.REGION, request.regionId())
                .set(CutoverSearchAttributes.PHASE, Phase.PREFLIGHT.name())
                .build());
  }
}
