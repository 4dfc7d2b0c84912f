package io.dtscutover.workflow;

import io.dtscutover.approval.Gate;

/**
 * The exact {@code cutover} commands a person runs next, as notifications and the Web UI show them.
 * Pure, so every place that prints a next step prints the same one.
 *
 * <p>A cutover started by {@code cutover start} has the workflow id {@code cutover-<region>-<job>}
 * and is addressed by {@code --job-id} and {@code --region}; a run started by a Temporal Schedule
 * carries the time of the run in its id, so it is addressed by {@code --workflow-id}.
 */
public final class CutoverCommands {
  private CutoverCommands() {}

  /** Approves {@code gate} of the cutover run {@code workflowId} of {@code request}. */
  public static String approve(String workflowId, CutoverRequest request, Gate gate) {
    return "cutover approve "
        + address(workflowId, request)
        + " --gate "
        + gate.cliName()
        + " --as YOUR_NAME";
  }

  /** Confirms, for a manual freeze, that writes on the source stopped. */
  public static String confirmFreeze(String workflowId, CutoverRequest request) {
    return "cutover confirm-freeze " + address(workflowId, request) + " --as YOUR_NAME";
  }

  private static String address(String workflowId, CutoverRequest request) {
    if (workflowId == null || workflowId.equals(request.workflowId())) {
      return "--job-id " + request.jobId() + " --region " + request.regionId();
    }
    return "--workflow-id " + workflowId;
  }
}
