package io.dtscutover.cli.request;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.proof.ProofMode;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.RequestProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * One flag per {@link CutoverRequest} field, with the request's defaults (given by {@link
 * RequestDefaults}, which every command using this mixin names as its default value provider), and
 * the validation that names the flag at fault. A mixin, so every command that creates cutovers
 * ({@code start}, and schedules) takes the same flags and refuses the same mistakes.
 */
public final class CutoverRequestOptions {
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
      names = "--freeze",
      paramLabel = "STRATEGY",
      converter = FreezeStrategyConverter.class,
      description =
          "How writes on the source stop: manual, none, mysql-read-only, mysql-revoke,"
              + " pg-read-only, pg-revoke, sim (default: ${DEFAULT-VALUE}).")
  FreezeStrategy freeze;

  @Option(
      names = "--freeze-target",
      paramLabel = "NAME",
      description = "The source database, as named in the worker's configuration.")
  String freezeTarget;

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
      names = "--max-lag-before-freeze",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Downtime starts only once lag is at most this (default: ${DEFAULT-VALUE}).")
  Duration maxLagBeforeFreeze;

  @Option(
      names = "--quiet-window",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "Lag must stay at zero this long, writes frozen, before the stop (default:"
              + " ${DEFAULT-VALUE}).")
  Duration quietWindow;

  @Option(
      names = "--poll-interval",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Time between two DTS readings (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--catch-up-timeout",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "How long to wait for low lag, then for zero lag, before aborting (default:"
              + " ${DEFAULT-VALUE}).")
  Duration catchUpTimeout;

  @Option(
      names = "--wait-for-incremental-timeout",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "How long to wait for a full load to end (default: ${DEFAULT-VALUE}).")
  Duration waitForIncrementalTimeout;

  @Option(
      names = "--max-freeze",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "Freeze budget: the source is never frozen longer before the stop (default:"
              + " ${DEFAULT-VALUE}).")
  Duration maxFreeze;

  @Option(
      names = "--require-approval",
      paramLabel = "GATES",
      converter = GateListConverter.class,
      description =
          "Gates that wait for a person: comma list of freeze,stop,delete, or none"
              + " (default: ${DEFAULT-VALUE}).")
  Set<Gate> requireApproval;

  @Option(
      names = "--approvers",
      paramLabel = "NAMES",
      split = ",",
      description = "Who may approve or reject, comma separated (default: anyone).")
  List<String> approvers = new ArrayList<>();

  @Option(names = "--two-person", description = "The requester may not approve their own cutover.")
  boolean twoPerson;

  @Option(
      names = "--gate-deadline",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "A gate not decided in this time aborts the cutover (default:" + " ${DEFAULT-VALUE}).")
  Duration gateDeadline;

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

  @Option(
      names = "--unfreeze-after-stop",
      description = "Make the source writable again after the stop (for rollback plans).")
  boolean unfreezeAfterStop;

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

  @Option(
      names = "--dry-run",
      description = "Run every check up to the first gate and print the plan; change nothing.")
  boolean dryRun;

  @Option(
      names = "--not-before",
      paramLabel = "T",
      converter = InstantConverter.class,
      description = "Maintenance window start (ISO-8601): no freeze before it.")
  Instant notBefore;

  @Option(
      names = "--not-after",
      paramLabel = "T",
      converter = InstantConverter.class,
      description = "Maintenance window end (ISO-8601): abort if the stop cannot happen by then.")
  Instant notAfter;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      description = "Who requests the cutover (default: $USER).")
  String requestedBy;

  /** The request the flags describe, or a usage failure naming each flag at fault. */
  public CutoverRequest request(CliEnvironment environment) {
    return request(environment, null);
  }

  /**
   * Like {@link #request(CliEnvironment)}, with the maintenance window opening at {@code
   * windowOpens} unless {@code --not-before} sets it ({@code start --at}).
   */
  public CutoverRequest request(CliEnvironment environment, Instant windowOpens) {
    Set<Gate> required = requireApproval.isEmpty() ? Set.of() : EnumSet.copyOf(requireApproval);
    ApprovalPolicy policy =
        new ApprovalPolicy(
            required,
            List.copyOf(approvers),
            twoPerson,
            gateDeadline,
            Map.of(),
            autoApprove.isEmpty() ? Set.of() : EnumSet.copyOf(autoApprove));
    CutoverRequest request =
        CutoverRequest.builder(jobId, region)
            .instanceId(instanceId)
            .freeze(freeze, freezeTarget)
            .proof(proof, proofSource, proofDestination)
            .maxLagBeforeFreeze(maxLagBeforeFreeze)
            .quietWindow(quietWindow)
            .pollInterval(pollInterval)
            .catchUpTimeout(catchUpTimeout)
            .waitForIncrementalTimeout(waitForIncrementalTimeout)
            .maxFreeze(maxFreeze)
            .approval(policy)
            .deleteAfterStop(delete)
            .allowPaused(allowPaused)
            .allowFailed(allowFailed)
            .requireVerification(requireVerification)
            .unfreezeAfterStop(unfreezeAfterStop)
            .dryRun(dryRun)
            .window(notBefore != null ? notBefore : windowOpens, notAfter)
            .requestedBy(requestedBy != null ? requestedBy : environment.get("USER"))
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
