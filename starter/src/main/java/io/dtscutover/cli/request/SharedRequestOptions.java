package io.dtscutover.cli.request;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.workflow.CutoverRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * The request flags a cutover and a wave both take: the freeze, the pacing of the waits, the gates,
 * the window and the requester. A mixin of {@link CutoverRequestOptions} ({@code start}, {@code
 * schedule create}) and of {@code wave start} ({@code wave schedule}), so that each flag is
 * declared, defaulted ({@link RequestDefaults}) and applied once. The descriptions here are the
 * cutover's; a command that words a flag for itself (a wave's budget runs from its first freeze)
 * does so in its resource bundle, keyed by the flag's name without the dashes.
 */
public final class SharedRequestOptions {
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
      names = "--unfreeze-after-stop",
      description = "Make the source writable again after the stop (for rollback plans).")
  boolean unfreezeAfterStop;

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

  /**
   * Sets on {@code builder} the pacing, the unfreeze after the stop, the window (opening at {@code
   * windowOpens} unless {@code --not-before} sets it) and the requester; freeze, approval and dry
   * run are the caller's, as a wave decides them for all its jobs.
   */
  public CutoverRequest.Builder applyTo(
      CutoverRequest.Builder builder, Instant windowOpens, CliEnvironment environment) {
    return builder
        .maxLagBeforeFreeze(maxLagBeforeFreeze)
        .quietWindow(quietWindow)
        .pollInterval(pollInterval)
        .catchUpTimeout(catchUpTimeout)
        .waitForIncrementalTimeout(waitForIncrementalTimeout)
        .maxFreeze(maxFreeze)
        .unfreezeAfterStop(unfreezeAfterStop)
        .window(notBefore != null ? notBefore : windowOpens, notAfter)
        .requestedBy(requester(environment));
  }

  /** Who requests: {@code --as}, or the user running the command. */
  public String requester(CliEnvironment environment) {
    return requestedBy != null ? requestedBy : environment.get("USER");
  }

  /** The approval policy of the gate flags, waiting at {@code required}. */
  public ApprovalPolicy approval(Set<Gate> required, Set<Gate> autoApprove) {
    return new ApprovalPolicy(
        required, List.copyOf(approvers), twoPerson, gateDeadline, Map.of(), autoApprove);
  }

  /** {@code --freeze}. */
  public FreezeStrategy freeze() {
    return freeze;
  }

  /** {@code --freeze-target}. */
  public String freezeTarget() {
    return freezeTarget;
  }

  /** {@code --require-approval}: the gates named, or {@code null} when the flag has no value. */
  public Set<Gate> requireApproval() {
    return requireApproval;
  }

  /** {@code --max-freeze}. */
  public Duration maxFreeze() {
    return maxFreeze;
  }

  /** {@code --dry-run}. */
  public boolean dryRun() {
    return dryRun;
  }
}
