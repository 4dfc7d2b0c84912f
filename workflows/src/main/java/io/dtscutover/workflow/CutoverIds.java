package io.dtscutover.workflow;

/** Names shared by the workflow, the worker and the CLI (docs/design.md, "Contracts"). */
public final class CutoverIds {
  /** The default task queue; {@code CUTOVER_TASK_QUEUE} overrides it. */
  public static final String DEFAULT_TASK_QUEUE = "dts-cutover";

  private CutoverIds() {}

  /** {@code cutover-<regionId>-<dtsJobId>}: one live cutover per job. */
  public static String workflowId(String regionId, String jobId) {
    return "cutover-" + regionId + "-" + jobId;
  }

  /**
   * {@code wave-<waveId>}: the wave's workflow id, and the name under which it decides its members'
   * gates (the only approver a member accepts).
   */
  public static String waveWorkflowId(String waveId) {
    return "wave-" + waveId;
  }

  /** The task queue from {@code CUTOVER_TASK_QUEUE}, or the default. */
  public static String taskQueue(java.util.Map<String, String> environment) {
    String configured = environment.get("CUTOVER_TASK_QUEUE");
    return configured == null || configured.isBlank() ? DEFAULT_TASK_QUEUE : configured.trim();
  }
}
