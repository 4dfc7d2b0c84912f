package io.dtscutover.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.proof.ProofMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a cutover needs to know, fixed at start and recorded in workflow history. It names a
 * freeze target but never holds a URL or credential: the worker resolves the target itself.
 *
 * <p>Build one with {@link #builder}; {@link #problems()} lists what is wrong, field by field.
 *
 * @param proof the evidence of catch-up asked for beyond DTS's lag: {@link ProofMode#MARKER} writes
 *     a marker row on the frozen source and waits to see it on the destination before the quiet
 *     window starts (default {@link ProofMode#NONE})
 * @param proofSource the target the marker is written to, for strategies without a freeze target
 *     ({@code manual}, {@code none}, {@code sim}); the freeze target otherwise
 * @param proofDestination the destination target the marker is read back from
 * @param maxLagBeforeFreeze lag at or below which downtime may start (checked before freezing)
 * @param quietWindow how long lag must stay at zero, with writes frozen, before the stop
 * @param pollInterval time between two DTS readings while waiting
 * @param catchUpTimeout how long to wait for low lag, and then for zero lag, before aborting
 * @param waitForIncrementalTimeout how long to wait for a full load to end
 * @param maxFreeze the freeze budget: the source is never frozen longer than this before the point
 *     of no return, whatever anyone does or does not do
 * @param deleteAfterStop release the task after stopping it
 * @param allowPaused stop a Paused task (without catch-up: replication is not running)
 * @param allowFailed stop a Failed task (likewise)
 * @param requireVerification the DTS data verification that must have completed without differences
 *     before the stop gate ({@code null}: none required)
 * @param unfreezeAfterStop make the source writable again after the stop, for rollback plans
 * @param dryRun run the checks up to the first gate and print the plan; change nothing
 * @param notBefore the maintenance window's start: no freeze before it
 * @param notAfter the window's end: a cutover that cannot reach the stop by then aborts
 * @param requestedBy who asked for the cutover (the two-person rule excludes them)
 * @param waveId the wave this cutover is a member of ({@code null}: a cutover of its own). A
 *     member's freeze and stop gates are decided by the wave, which waits for every member, and it
 *     sends {@code StopDtsJob} only when the wave orders it
 * @param decodeProblems what could not be read from the JSON this request came from (never written:
 *     a request built in Java has none)
 */
public record CutoverRequest(
    String jobId,
    String regionId,
    String instanceId,
    FreezeStrategy freezeStrategy,
    String freezeTarget,
    ProofMode proof,
    String proofSource,
    String proofDestination,
    @JsonSerialize(using = WireDuration.Writer.class) Duration maxLagBeforeFreeze,
    @JsonSerialize(using = WireDuration.Writer.class) Duration quietWindow,
    @JsonSerialize(using = WireDuration.Writer.class) Duration pollInterval,
    @JsonSerialize(using = WireDuration.Writer.class) Duration catchUpTimeout,
    @JsonSerialize(using = WireDuration.Writer.class) Duration waitForIncrementalTimeout,
    @JsonSerialize(using = WireDuration.Writer.class) Duration maxFreeze,
    ApprovalPolicy approval,
    boolean deleteAfterStop,
    boolean allowPaused,
    boolean allowFailed,
    VerificationMode requireVerification,
    boolean unfreezeAfterStop,
    boolean dryRun,
    Instant notBefore,
    Instant notAfter,
    String requestedBy,
    String waveId,
    @JsonIgnore List<RequestProblem> decodeProblems) {

  /**
   * Reads a request from JSON: missing fields get the defaults of {@link #builder}, and anything
   * that cannot be read (an unknown field, a misspelled value) becomes a {@link RequestProblem} of
   * {@link #problems()} instead of an exception, so that the workflow can fail cleanly with {@link
   * CutoverFailures#INVALID_REQUEST} rather than fail its workflow task forever.
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static CutoverRequest fromJson(JsonNode json) {
    return CutoverRequestReader.read(json);
  }

  public static final Duration DEFAULT_MAX_LAG_BEFORE_FREEZE = Duration.ofSeconds(5);
  public static final Duration DEFAULT_QUIET_WINDOW = Duration.ofMinutes(3);
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(5);

  /** The quiet window must span at least this many readings. */
  public static final int MIN_POLLS_PER_QUIET_WINDOW = 3;

  public static final Duration DEFAULT_CATCH_UP_TIMEOUT = Duration.ofMinutes(20);
  public static final Duration DEFAULT_WAIT_FOR_INCREMENTAL_TIMEOUT = Duration.ofHours(24);
  public static final Duration DEFAULT_MAX_FREEZE = Duration.ofMinutes(30);

  /** A builder with every default set; job id and region are required. */
  public static Builder builder(String jobId, String regionId) {
    return new Builder(jobId, regionId);
  }

  /** The DTS job this request is about. */
  public JobRef job() {
    return new JobRef(regionId, jobId, instanceId);
  }

  /** {@code cutover-<region>-<job>}. */
  public String workflowId() {
    return CutoverIds.workflowId(regionId, jobId);
  }

  /** Every problem with this request, each naming its field; empty when it is valid. */
  public List<RequestProblem> problems() {
    List<RequestProblem> problems = basicProblems();
    problems.addAll(limitProblems());
    return problems;
  }

  /**
   * The problems found since the request's limits were added: a duration longer than {@link
   * WireDuration#MAX}, an auto-approved gate that is not required. The workflow refuses these only
   * on runs started since (see {@code CutoverWorkflowImpl}), so older histories replay unchanged.
   */
  List<RequestProblem> limitProblems() {
    List<RequestProblem> problems = new ArrayList<>();
    atMostMax(problems, "maxLagBeforeFreeze", maxLagBeforeFreeze);
    atMostMax(problems, "quietWindow", quietWindow);
    atMostMax(problems, "pollInterval", pollInterval);
    atMostMax(problems, "catchUpTimeout", catchUpTimeout);
    atMostMax(problems, "waitForIncrementalTimeout", waitForIncrementalTimeout);
    atMostMax(problems, "maxFreeze", maxFreeze);
    if (approval != null) {
      atMostMax(problems, "approval.gateDeadline", approval.gateDeadline());
      if (approval.gateDeadlines() != null) {
        approval
            .gateDeadlines()
            .forEach(
                (gate, deadline) ->
                    atMostMax(problems, "approval.gateDeadlines." + gate.cliName(), deadline));
      }
      if (approval.autoApprove() != null && !approval.autoApprove().isEmpty()) {
        List<String> notRequired =
            approval.autoApprove().stream()
                .filter(
                    gate ->
                        gate != null
                            && (approval.requireApproval() == null
                                || !approval.requireApproval().contains(gate)))
                .sorted()
                .map(Gate::cliName)
                .toList();
        if (!notRequired.isEmpty()) {
          problems.add(
              new RequestProblem(
                  "approval.autoApprove",
                  "auto-approves "
                      + String.join(", ", notRequired)
                      + ", which no approval requires: auto-approve only gates that require approval"
                      + " (or require those gates too)"));
        }
      }
    }
    return problems;
  }

  private static void atMostMax(List<RequestProblem> problems, String field, Duration value) {
    if (value != null && value.compareTo(WireDuration.MAX) > 0) {
      problems.add(
          new RequestProblem(
              field,
              "must be at most "
                  + WireDuration.MAX.toDays()
                  + " days (got "
                  + value.toDays()
                  + " days)"));
    }
  }

  private List<RequestProblem> basicProblems() {
    List<RequestProblem> problems = new ArrayList<>();
    if (decodeProblems != null) {
      problems.addAll(decodeProblems);
    }
    if (!Identifiers.isId(jobId)) {
      problems.add(new RequestProblem("jobId", Identifiers.idProblem("DTS job id", jobId)));
    }
    if (!Identifiers.isRegion(regionId)) {
      problems.add(new RequestProblem("regionId", Identifiers.regionProblem(regionId)));
    }
    if (instanceId != null && !Identifiers.isId(instanceId)) {
      problems.add(
          new RequestProblem("instanceId", Identifiers.idProblem("DTS instance id", instanceId)));
    }
    if (freezeStrategy == null) {
      problems.add(
          new RequestProblem(
              "freezeStrategy", "a freeze strategy is required: " + FreezeStrategy.names()));
    } else if (freezeStrategy.needsTarget() && !Identifiers.isName(freezeTarget)) {
      problems.add(
          new RequestProblem(
              "freezeTarget",
              "strategy "
                  + freezeStrategy.cliName()
                  + " needs a freeze target name configured on the worker, like orders-db (got "
                  + Quoted.of(freezeTarget)
                  + ")"));
    }
    proofProblems(problems);
    positive(problems, "maxLagBeforeFreeze", maxLagBeforeFreeze, true);
    positive(problems, "quietWindow", quietWindow, true);
    positive(problems, "pollInterval", pollInterval, false);
    positive(problems, "catchUpTimeout", catchUpTimeout, false);
    positive(problems, "waitForIncrementalTimeout", waitForIncrementalTimeout, false);
    positive(problems, "maxFreeze", maxFreeze, false);
    if (pollInterval != null && pollInterval.compareTo(Duration.ofMillis(100)) < 0) {
      problems.add(
          new RequestProblem("pollInterval", "must be at least 100ms (got " + pollInterval + ")"));
    }
    if (pollInterval != null
        && quietWindow != null
        && !quietWindow.isNegative()
        && quietWindow.compareTo(pollInterval.multipliedBy(MIN_POLLS_PER_QUIET_WINDOW)) < 0) {
      problems.add(
          new RequestProblem(
              "quietWindow",
              "must be at least "
                  + MIN_POLLS_PER_QUIET_WINDOW
                  + " poll intervals ("
                  + pollInterval.multipliedBy(MIN_POLLS_PER_QUIET_WINDOW)
                  + " with a poll interval of "
                  + pollInterval
                  + "; got "
                  + quietWindow
                  + "), so that zero lag is seen several times in a row: lengthen the quiet"
                  + " window or shorten the poll interval"));
    }
    if (maxFreeze != null && quietWindow != null && maxFreeze.compareTo(quietWindow) <= 0) {
      problems.add(
          new RequestProblem(
              "maxFreeze",
              "the freeze budget ("
                  + maxFreeze
                  + ") must be longer than the quiet window ("
                  + quietWindow
                  + ")"));
    }
    if (approval == null) {
      problems.add(new RequestProblem("approval", "an approval policy is required"));
    } else {
      approvalProblems(problems);
    }
    if (notBefore != null && notAfter != null && !notBefore.isBefore(notAfter)) {
      problems.add(
          new RequestProblem(
              "notAfter", "the window must end after it starts (" + notBefore + ")"));
    }
    if (!Identifiers.isName(requestedBy)) {
      problems.add(
          new RequestProblem(
              "requestedBy",
              "say who requests the cutover, like alice (got " + Quoted.of(requestedBy) + ")"));
    }
    if (waveId != null && !Identifiers.isId(waveId)) {
      problems.add(new RequestProblem("waveId", Identifiers.idProblem("wave id", waveId)));
    }
    return problems;
  }

  /**
   * This request as a member of wave {@code wave}: the same job and settings, with the gates the
   * wave decides ({@code approval}) and, for a dry run of the wave, no change at all.
   */
  public CutoverRequest asWaveMember(String wave, ApprovalPolicy approval, boolean dryRun) {
    return toBuilder().approval(approval).dryRun(dryRun || this.dryRun).waveId(wave).build();
  }

  /** A builder holding every field of this request: a copy with some fields changed. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The target the marker is written to: the freeze target for strategies that freeze one, the
   * proof source otherwise.
   */
  public String markerSource() {
    return freezeStrategy != null && freezeStrategy.needsTarget() ? freezeTarget : proofSource;
  }

  private void proofProblems(List<RequestProblem> problems) {
    if (proof == null) {
      problems.add(new RequestProblem("proof", "use one of " + ProofMode.names()));
      return;
    }
    if (proof == ProofMode.NONE) {
      if (proofSource != null) {
        problems.add(
            new RequestProblem(
                "proofSource", "is only used with --proof marker: drop it, or add --proof marker"));
      }
      if (proofDestination != null) {
        problems.add(
            new RequestProblem(
                "proofDestination",
                "is only used with --proof marker: drop it, or add --proof marker"));
      }
      return;
    }
    if (proofDestination == null || !Identifiers.isName(proofDestination)) {
      problems.add(
          new RequestProblem(
              "proofDestination",
              "--proof marker needs --proof-destination NAME: the destination database, configured"
                  + " on the worker like a freeze target (CUTOVER_TARGET_<NAME>_JDBC_URL, _USER,"
                  + " _PASSWORD), with read access to dts_cutover_marker (got "
                  + Quoted.of(proofDestination)
                  + ")"));
    }
    if (freezeStrategy == null) {
      return;
    }
    if (freezeStrategy.needsTarget()) {
      if (proofSource != null && !proofSource.equals(freezeTarget)) {
        problems.add(
            new RequestProblem(
                "proofSource",
                "the marker is written on the frozen source, the freeze target "
                    + freezeTarget
                    + ": drop --proof-source (got "
                    + Quoted.of(proofSource)
                    + ")"));
      }
    } else if (proofSource == null || !Identifiers.isName(proofSource)) {
      problems.add(
          new RequestProblem(
              "proofSource",
              "--proof marker with freeze strategy "
                  + freezeStrategy.cliName()
                  + " needs --proof-source NAME: the source database the marker is written to,"
                  + " configured on the worker like a freeze target (got "
                  + Quoted.of(proofSource)
                  + ")"));
    }
    String source = markerSource();
    if (source != null && source.equals(proofDestination)) {
      problems.add(
          new RequestProblem(
              "proofDestination", "must name the destination database, not the source " + source));
    }
  }

  /** Throws {@link InvalidCutoverRequestException} listing every problem, if there are any. */
  public CutoverRequest requireValid() {
    List<RequestProblem> problems = problems();
    if (!problems.isEmpty()) {
      throw new InvalidCutoverRequestException(problems);
    }
    return this;
  }

  private void approvalProblems(List<RequestProblem> problems) {
    if (approval.approvers() != null) {
      for (String approver : approval.approvers()) {
        if (!Identifiers.isName(approver)) {
          problems.add(
              new RequestProblem(
                  "approval.approvers", Identifiers.nameProblem("approver name", approver)));
        }
      }
    }
    positive(problems, "approval.gateDeadline", approval.gateDeadline(), false);
    if (approval.gateDeadlines() != null) {
      approval
          .gateDeadlines()
          .forEach(
              (gate, deadline) ->
                  positive(problems, "approval.gateDeadlines." + gate.cliName(), deadline, false));
    }
    if (approval.twoPerson()
        && approval.approvers() != null
        && !approval.approvers().isEmpty()
        && approval.approvers().stream().allMatch(name -> name.equals(requestedBy))) {
      problems.add(
          new RequestProblem(
              "approval.approvers",
              "under the two-person rule the requester cannot approve, and no other approver is"
                  + " allowed: add another approver"));
    }
  }

  private static void positive(
      List<RequestProblem> problems, String field, Duration value, boolean zeroAllowed) {
    if (value == null) {
      problems.add(new RequestProblem(field, "is required"));
    } else if (value.isNegative() || (!zeroAllowed && value.isZero())) {
      problems.add(
          new RequestProblem(
              field,
              "must be " + (zeroAllowed ? "zero or more" : "positive") + " (got " + value + ")"));
    }
  }

  /** Builds a request with the documented defaults (docs/runbook.md) for everything not set. */
  public static final class Builder {
    private final String jobId;
    private final String regionId;
    private String instanceId;
    private FreezeStrategy freezeStrategy = FreezeStrategy.MANUAL;
    private String freezeTarget;
    private ProofMode proof = ProofMode.NONE;
    private String proofSource;
    private String proofDestination;
    private Duration maxLagBeforeFreeze = DEFAULT_MAX_LAG_BEFORE_FREEZE;
    private Duration quietWindow = DEFAULT_QUIET_WINDOW;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;
    private Duration catchUpTimeout = DEFAULT_CATCH_UP_TIMEOUT;
    private Duration waitForIncrementalTimeout = DEFAULT_WAIT_FOR_INCREMENTAL_TIMEOUT;
    private Duration maxFreeze = DEFAULT_MAX_FREEZE;
    private ApprovalPolicy approval = ApprovalPolicy.defaults();
    private boolean deleteAfterStop;
    private boolean allowPaused;
    private boolean allowFailed;
    private VerificationMode requireVerification;
    private boolean unfreezeAfterStop;
    private boolean dryRun;
    private Instant notBefore;
    private Instant notAfter;
    private String requestedBy;
    private String waveId;
    private List<RequestProblem> decodeProblems = List.of();

    private Builder(String jobId, String regionId) {
      this.jobId = jobId;
      this.regionId = regionId;
    }

    private Builder(CutoverRequest request) {
      this(request.jobId, request.regionId);
      instanceId = request.instanceId;
      freezeStrategy = request.freezeStrategy;
      freezeTarget = request.freezeTarget;
      proof = request.proof;
      proofSource = request.proofSource;
      proofDestination = request.proofDestination;
      maxLagBeforeFreeze = request.maxLagBeforeFreeze;
      quietWindow = request.quietWindow;
      pollInterval = request.pollInterval;
      catchUpTimeout = request.catchUpTimeout;
      waitForIncrementalTimeout = request.waitForIncrementalTimeout;
      maxFreeze = request.maxFreeze;
      approval = request.approval;
      deleteAfterStop = request.deleteAfterStop;
      allowPaused = request.allowPaused;
      allowFailed = request.allowFailed;
      requireVerification = request.requireVerification;
      unfreezeAfterStop = request.unfreezeAfterStop;
      dryRun = request.dryRun;
      notBefore = request.notBefore;
      notAfter = request.notAfter;
      requestedBy = request.requestedBy;
      waveId = request.waveId;
      decodeProblems = request.decodeProblems;
    }

    public Builder instanceId(String value) {
      this.instanceId = value;
      return this;
    }

    public Builder freeze(FreezeStrategy strategy, String target) {
      this.freezeStrategy = strategy;
      this.freezeTarget = target;
      return this;
    }

    /**
     * Marker proof: written on {@code source} (the freeze target when null), read on {@code
     * destination}.
     */
    public Builder proof(ProofMode mode, String source, String destination) {
      this.proof = mode;
      this.proofSource = source;
      this.proofDestination = destination;
      return this;
    }

    public Builder maxLagBeforeFreeze(Duration value) {
      this.maxLagBeforeFreeze = value;
      return this;
    }

    public Builder quietWindow(Duration value) {
      this.quietWindow = value;
      return this;
    }

    public Builder pollInterval(Duration value) {
      this.pollInterval = value;
      return this;
    }

    public Builder catchUpTimeout(Duration value) {
      this.catchUpTimeout = value;
      return this;
    }

    public Builder waitForIncrementalTimeout(Duration value) {
      this.waitForIncrementalTimeout = value;
      return this;
    }

    public Builder maxFreeze(Duration value) {
      this.maxFreeze = value;
      return this;
    }

    public Builder approval(ApprovalPolicy value) {
      this.approval = value;
      return this;
    }

    public Builder deleteAfterStop(boolean value) {
      this.deleteAfterStop = value;
      return this;
    }

    public Builder allowPaused(boolean value) {
      this.allowPaused = value;
      return this;
    }

    public Builder allowFailed(boolean value) {
      this.allowFailed = value;
      return this;
    }

    /** The DTS data verification the stop gate waits for; {@code null} for none (the default). */
    public Builder requireVerification(VerificationMode value) {
      this.requireVerification = value;
      return this;
    }

    public Builder unfreezeAfterStop(boolean value) {
      this.unfreezeAfterStop = value;
      return this;
    }

    public Builder dryRun(boolean value) {
      this.dryRun = value;
      return this;
    }

    public Builder window(Instant notBefore, Instant notAfter) {
      this.notBefore = notBefore;
      this.notAfter = notAfter;
      return this;
    }

    public Builder requestedBy(String value) {
      this.requestedBy = value;
      return this;
    }

    public Builder waveId(String value) {
      this.waveId = value;
      return this;
    }

    public CutoverRequest build() {
      return new CutoverRequest(
          jobId,
          regionId,
          instanceId,
          freezeStrategy,
          freezeTarget,
          proof,
          proofSource,
          proofDestination,
          maxLagBeforeFreeze,
          quietWindow,
          pollInterval,
          catchUpTimeout,
          waitForIncrementalTimeout,
          maxFreeze,
          approval,
          deleteAfterStop,
          allowPaused,
          allowFailed,
          requireVerification,
          unfreezeAfterStop,
          dryRun,
          notBefore,
          notAfter,
          requestedBy,
          waveId,
          decodeProblems);
    }

    /** What {@link CutoverRequestReader} could not read. */
    Builder decodeProblems(List<RequestProblem> value) {
      this.decodeProblems = List.copyOf(value);
      return this;
    }
  }
}
