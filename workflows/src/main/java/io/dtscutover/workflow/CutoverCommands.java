package io.dtscutover.workflow;

import io.dtscutover.approval.Gate;

/**
 * The exact {@code cutover} commands a person runs next, as notifications and the Web UI show them.
 * Pure, so every place that prints a next step prints the same one.
 */
public final class CutoverCommands {
  private CutoverCommands() {}

  /** Approves {@code gate} of the cutover of {@code request}'s job. */
  public static String approve(CutoverRequest request, Gate gate) {
    return "cutover approve " + address(request) + " --gate " + gate.cliName() + " --as YOUR_NAME";
  }

  /** Confirms, for a manual freeze, that writes on the source stopped. */
  public static String confirmFreeze(CutoverRequest request) {
    return "cutover confirm-freeze " + address(request) + " --as YOUR_NAME";
  }

  private static String address(CutoverRequest request) {
    return "--job-id " + request.jobId() + " --region " + request.regionId();
  }
}
