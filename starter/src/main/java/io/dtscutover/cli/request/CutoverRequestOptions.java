package io.dtscutover.cli.request;

import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.proof.ProofMode;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.RequestProblem;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * One flag per {@link CutoverRequest} field, with the request's defaults (given by {@link
 * RequestDefaults}, which every command using this mixin names as its default value provider), and
 * the validation that names the flag at fault. A mixin, so every command that creates cutovers
 * ({@code start}, and schedules) takes the same flags and refuses the same mistakes. The flags a
 * wave takes too are those of {@link SharedRequestOptions}; the rest are a single cutover's.
 */
public final class CutoverRequestOptions {
  @Mixin SharedRequestOptions shared;

  @Option(names = "--job-id", required = true, paramLabel = "ID", description = "The DTS job id.")
  String jobId;

  @Option(
      names = "--region",
      required = true,
      paramLabel = "REGION",
      description = "The job's region, for example cn-hangzhou.")
  String region;

  @Option(names = "--instance-id", paramLabel = "ID", description = "The DTS instance id.")
  String instanceId;

  @Option(
      names = "--proof",
      paramLabel = "PROOF",
      converter = ProofModeConverter.class,
      description =
          "Evidence of catch-up beyond DTS's lag: none, or marker (a row written on the frozen"
              + " source must be seen on --proof-destination before the quiet window) (default:"
              + " ${DEFAULT-VALUE}).")
  ProofMode proof;

  @Option(
      names = "--proof-source",
      paramLabel = "NAME",
      description =
          "With --proof marker and --freeze manual, none or sim: the source database the marker is"
              + " written to, as named in the worker's configuration.")
  String proofSource;

  @Option(
      names = "--proof-destination",
      paramLabel = "NAME",
      description =
          "With --proof marker: the destination database the marker is read back from, as named"
              + " in the worker's configuration.")
  String proofDestination;

  @Option(
      names = "--auto-approve",
      paramLabel = "GATES",
      converter = GateListConverter.class,
      description =
          "Gates approved by policy when reached, for unattended runs (default:"
              + " ${DEFAULT-VALUE}).")
  Set<Gate> autoApprove;

  @Option(names = "--delete", description = "Release the DTS task after stopping it.")
  boolean delete;

  @Option(names = "--allow-paused", description = "Allow stopping a Paused task.")
  boolean allowPaused;

  @Option(names = "--allow-failed", description = "Allow stopping a Failed task.")
  boolean allowFailed;

  @Option(
      names = "--require-verification",
      paramLabel = "CHECK",
      converter = VerificationModeConverter.class,
      description =
          "Before the stop gate, wait for the DTS task's data verification (incremental, full or"
              + " both) to complete with no table differing; differences abort and restore the"
              + " source. The task must have that verification configured (default: none).")
  VerificationMode requireVerification;

  /** The request the flags describe, or a usage failure naming each flag at fault. */
  public CutoverRequest request(CliEnvironment environment) {
    return request(environment, null);
  }

  /**
   * Like {@link #request(CliEnvironment)}, with the maintenance window opening at {@code
   * windowOpens} unless {@code --not-before} sets it ({@code start --at}).
   */
  public CutoverRequest request(CliEnvironment environment, Instant windowOpens) {
    Set<Gate> required =
        shared.requireApproval.isEmpty() ? Set.of() : EnumSet.copyOf(shared.requireApproval);
    CutoverRequest request =
        shared
            .applyTo(CutoverRequest.builder(jobId, region), windowOpens, environment)
            .instanceId(instanceId)
            .freeze(shared.freeze, shared.freezeTarget)
            .proof(proof, proofSource, proofDestination)
            .approval(
                shared.approval(
                    required, autoApprove.isEmpty() ? Set.of() : EnumSet.copyOf(autoApprove)))
            .deleteAfterStop(delete)
            .allowPaused(allowPaused)
            .allowFailed(allowFailed)
            .requireVerification(requireVerification)
            .dryRun(shared.dryRun)
            .build();
    List<RequestProblem> problems = request.problems();
    if (!problems.isEmpty()) {
      throw CliFailure.usage(
          "invalid cutover request: "
              + String.join("; ", problems.stream().map(RequestFlags::describe).toList()));
    }
    return request;
  }
}
