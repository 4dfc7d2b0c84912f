package io.dtscutover.cli;

import io.dtscutover.workflow.CutoverIds;
import picocli.CommandLine.Option;

/**
 * Names the cutover a command acts on: {@code --job-id} and {@code --region}, or {@code
 * --workflow-id}. One cutover runs per job, so the job and its region are enough.
 */
public final class CutoverTarget {
  @Option(names = "--job-id", paramLabel = "ID", description = "The DTS job id.")
  String jobId;

  @Option(names = "--region", paramLabel = "REGION", description = "The job's region.")
  String region;

  @Option(
      names = "--workflow-id",
      paramLabel = "ID",
      description = "The cutover's workflow id (cutover-<region>-<job>), instead of the two above.")
  String workflowId;

  @Option(
      names = "--wave-id",
      paramLabel = "WAVE",
      description =
          "A wave (cutover wave start): act on the wave's gates, for every job of the wave.")
  String waveId;

  /** The workflow id, or a usage failure that says which flags to pass. */
  public String workflowId() {
    if (waveId != null) {
      if (jobId != null || region != null || workflowId != null) {
        throw CliFailure.usage(
            "pass either --wave-id or the flags of one cutover, not both: the wave decides the"
                + " gates of all of its jobs");
      }
      return CutoverIds.waveWorkflowId(waveId);
    }
    if (workflowId != null) {
      if (jobId != null || region != null) {
        throw CliFailure.usage("pass either --workflow-id or --job-id with --region, not both");
      }
      return workflowId;
    }
    if (jobId != null && region != null) {
      return CutoverIds.workflowId(region, jobId);
    }
    throw CliFailure.usage(
        "which cutover? pass --job-id ID --region REGION, --workflow-id ID, or --wave-id WAVE"
            + (jobId != null ? " (--region is missing)" : "")
            + (region != null ? " (--job-id is missing)" : ""));
  }

  /** The flags that name this cutover, for commands printed as a next step. */
  public String asFlags() {
    if (waveId != null) {
      return "--wave-id " + waveId;
    }
    if (jobId != null && region != null && workflowId == null) {
      return "--job-id " + jobId + " --region " + region;
    }
    return "--workflow-id " + workflowId();
  }
}
