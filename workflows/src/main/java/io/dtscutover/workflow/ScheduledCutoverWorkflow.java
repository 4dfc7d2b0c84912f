package io.dtscutover.workflow;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * What a Temporal Schedule starts: one attempt at a cutover. Schedules give each run its own
 * workflow id (the schedule's id plus the run's time), which would let a scheduled cutover run
 * beside a cutover of the same job started by hand. So this run starts the cutover as a child under
 * the job's own id ({@link CutoverIds#workflowId}): while any cutover of the job is live, the
 * scheduled run is skipped with that reason, and people address the cutover exactly as one started
 * by {@code cutover start}.
 */
@WorkflowInterface
public interface ScheduledCutoverWorkflow {

  /**
   * Runs the cutover of {@code request} and returns its report; when another cutover of the job is
   * live, returns an ABORTED report that names it and changes nothing.
   */
  @WorkflowMethod
  CutoverReport run(CutoverRequest request);
}
