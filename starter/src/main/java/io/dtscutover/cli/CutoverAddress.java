package io.dtscutover.cli;

import io.dtscutover.workflow.CutoverIds;
import io.dtscutover.workflow.Identifiers;
import io.dtscutover.workflow.Quoted;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The flags that name the cutover a command acts on: {@code --job-id} and {@code --region}, or
 * {@code --workflow-id}, or {@code --wave-id} for a wave. One cutover runs per job, so the job and
 * its region are enough.
 */
public final class CutoverAddress {
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

  /** A workflow id as {@code --workflow-id} accepts it: no space, no control character. */
  private static final Pattern WORKFLOW_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:@+-]{0,254}");

  /**
   * The workflow id, or a usage failure that says which flags to pass. Ids are checked before they
   * are used or shown: a bad one is quoted, never echoed raw.
   */
  public String workflowId() {
    if (waveId != null) {
      if (jobId != null || region != null || workflowId != null) {
        throw CliFailure.usage(
            "pass either --wave-id or the flags of one cutover, not both: the wave decides the"
                + " gates of all of its jobs");
      }
      if (!Identifiers.isId(waveId)) {
        throw CliFailure.usage("--wave-id: " + Identifiers.idProblem("wave id", waveId));
      }
      return CutoverIds.waveWorkflowId(waveId);
    }
    if (workflowId != null) {
      if (jobId != null || region != null) {
        throw CliFailure.usage("pass either --workflow-id or --job-id with --region, not both");
      }
      if (!WORKFLOW_ID.matcher(workflowId).matches()) {
        throw CliFailure.usage(
            "--workflow-id: not a workflow id: "
                + Quoted.of(workflowId)
                + "; cutover workflow ids read cutover-<region>-<job>, like"
                + " cutover-cn-hangzhou-dtsabc123");
      }
      return workflowId;
    }
    if (jobId != null && !Identifiers.isId(jobId)) {
      throw CliFailure.usage("--job-id: " + Identifiers.idProblem("DTS job id", jobId));
    }
    if (region != null && !Identifiers.isRegion(region)) {
      throw CliFailure.usage("--region: " + Identifiers.regionProblem(region));
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
