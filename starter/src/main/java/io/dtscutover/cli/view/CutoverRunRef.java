package io.dtscutover.cli.view;

/**
 * One run of a cutover, as a command looked at it: the workflow id, the run id and the task queue
 * its worker polls. A decision is sent to this run and no other, so a decision made while looking
 * at an earlier run never reaches a later run of the same workflow id.
 */
public record CutoverRunRef(String workflowId, String runId, String taskQueue) {

  /** {@code cutover-R-J run RUNID}: how output names the run. */
  public String describe() {
    return "cutover " + workflowId + " run " + runId;
  }
}
