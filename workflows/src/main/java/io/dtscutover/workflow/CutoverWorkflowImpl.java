package io.dtscutover.workflow;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.approval.GateDecision;
import io.dtscutover.approval.GateVerdict;
import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.AwaitResult;
import io.dtscutover.dts.DtsActivities;
import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.dts.VerificationWait;
import io.dtscutover.dts.WaitCondition;
import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.guard.FreezeGuardHandle;
import io.dtscutover.guard.FreezeGuardRefusal;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationActivities;
import io.dtscutover.notify.NotificationKind;
import io.dtscutover.notify.NotificationStubs;
import io.dtscutover.proof.MarkerActivities;
import io.dtscutover.proof.MarkerCheck;
import io.dtscutover.proof.MarkerProof;
import io.dtscutover.proof.MarkerSpec;
import io.dtscutover.proof.MarkerWrite;
import io.dtscutover.proof.ProofMode;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ExternalWorkflowStub;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The cutover workflow: orchestration only. {@code runbook()} reads top to bottom as
 * docs/design.md, "The runbook": it reads the task, lets {@link Preflight} refuse it or choose its
 * {@link Route}, and walks the route over {@link RunbookSteps}, which this class implements with
 * one method per step, named after it; a dry run walks the same route over {@link RunbookPlan}
 * instead. The pure rules live beside it: {@link Preflight}, {@link ActionRefusals} (who may act
 * when) and {@link CutoverMessages}. All state lives in {@link CutoverState}; handlers only record
 * what people asked for, validators only read.
 */
public class CutoverWorkflowImpl implements CutoverWorkflow, RunbookSteps {
  /** Failure type of a request that fails validation. */
  public static final String INVALID_REQUEST = CutoverFailures.INVALID_REQUEST;

  /**
   * Change id: requests breaking a limit (see {@link CutoverRequest#limitProblems}) end at once.
   */
  static final String REQUEST_LIMITS = "request-limits";

  /** Change id: update and signal inputs with a malformed name are refused. */
  static final String ACTOR_NAMES = "actor-names";

  /**
   * Change id: when nothing may wait between the quiet window and the stop, the run goes straight
   * to the stop. The freeze is proven once, at the same time as the final reading (not after the
   * quiet window, then after the final reading), and the freeze guard's claim is a local activity,
   * so the stop is scheduled in the workflow task that has the guard's answer (docs/performance.md,
   * "The steps after the quiet window"). Cutovers with a pause before the stop record no marker:
   * their path did not change.
   */
  static final String STRAIGHT_TO_STOP = "straight-to-stop";

  private static final String CONFIRM_CAUGHT_UP =
      "Confirm the task is still caught up before stopping it";
  private static final String VERIFY_BEFORE_STOP = "Verify the freeze before the stop";

  /** How long a stopped task may take to reach Finished before the cutover reports a failure. */
  static final Duration STOP_TIMEOUT = Duration.ofMinutes(30);

  /** The statuses in which a caught-up task may be stopped. */
  private static final Set<JobStatus> STOPPABLE_CAUGHT_UP =
      Set.of(JobStatus.MIGRATING, JobStatus.SYNCHRONIZING);

  /** Failure types by which DTS refused a StopDtsJob: the task was not touched. */
  private static final Set<String> STOP_REFUSALS =
      Set.of(
          DtsFailures.PERMISSION_DENIED,
          DtsFailures.INVALID_PARAMETER,
          DtsFailures.JOB_STATE_UNSAFE,
          DtsFailures.JOB_NOT_FOUND,
          DtsFailures.CONFIGURATION);

  private static final Duration MAX_STOP_BACKOFF = Duration.ofSeconds(30);

  /**
   * How much longer than the stop deadline an await bounded by it may run, so that the stop
   * deadline's timer, not the activity's own timeout, ends it: longer than a few workflow task
   * timeouts (10 s), so the timer's workflow task always cancels an activity that is still open.
   */
  static final Duration STOP_DEADLINE_MARGIN = Duration.ofMinutes(1);

  /** How often a stop with an unknown outcome is sent again while the task still runs. */
  private static final int MAX_STOP_RESENDS = 5;

  private static final Logger log = Workflow.getLogger(CutoverWorkflowImpl.class);

  private final CutoverRequest request;
  private final CutoverState state = new CutoverState();
  private final CutoverActivityStubs stubs;
  private final CutoverPublisher publisher;
  private Promise<Void> lastNotification;
  private FreezeGuardHandle freezeGuard = FreezeGuardHandle.NONE;

  /**
   * Fires at {@link CutoverState#stopDeadline}: ONE timer for the whole freeze, which every step
   * before the point of no return is raced against. Cancelled when the point is crossed.
   */
  private Promise<Void> stopDeadlineTimer;

  private CancellationScope stopDeadlineScope;

  /** The promise of the last raced step, so an interrupted freeze can be waited for. */
  private Promise<?> lastStep;

  /** The run goes straight to the stop ({@link #STRAIGHT_TO_STOP}): its claim is local. */
  private boolean straightToStop;

  /** A freeze call that was interrupted while it ran: it may still apply after a restore. */
  private Promise<?> freezeInFlight;

  /**
   * A deadline cut off a DTS reading or wait, so the reason gets DTS's last answer: the workflow
   * cannot see the heartbeat of the cancelled activity, which held it.
   */
  private boolean dtsReadCutOff;

  /** The timeline said once that DTS could not be read as often as asked. */
  private boolean readIntervalNoted;

  @WorkflowInit
  public CutoverWorkflowImpl(CutoverRequest request) {
    this.request = request;
    Duration poll = request.pollInterval();
    this.stubs =
        new CutoverActivityStubs(
            poll == null
                    || poll.isNegative()
                    || poll.isZero()
                    || poll.compareTo(WireDuration.MAX) > 0
                ? CutoverRequest.DEFAULT_POLL_INTERVAL
                : poll);
    this.publisher = new CutoverPublisher(request);
  }

  @Override
  public CutoverReport run(CutoverRequest ignoredSameAsInit) {
    state.startedAt = now();
    List<RequestProblem> problems = request.problems();
    if (!problems.isEmpty() && refusesAtStart(problems)) {
      throw ApplicationFailure.newNonRetryableFailure(
          new InvalidCutoverRequestException(problems).getMessage(), INVALID_REQUEST);
    }
    recordInTimeline("cutover of " + request.job() + " requested by " + request.requestedBy());
    try {
      runbook();
    } catch (RunbookStop stop) {
      finish(stop.outcome(), stop.code(), stop.reason());
    } catch (FreezeGuardRefusal refusal) {
      finish(Outcome.ABORTED, ReasonCode.FREEZE_GUARD, refusal.getMessage());
    } catch (ActivityFailure failure) {
      finish(FailureOutcomes.outcomeOf(failure), FailureOutcomes.codeOf(failure), explain(failure));
    } catch (CanceledFailure cancellation) {
      finish(Outcome.ABORTED, ReasonCode.CANCELLED, "workflow cancelled");
    }
    // Give the final notification its chance (a local activity, which gives up within a minute);
    // it never decides the outcome.
    Workflow.await(() -> lastNotification == null || lastNotification.isCompleted());
    Workflow.await(Workflow::isEveryHandlerFinished);
    return state.toReport(workflowId(), request, now());
  }

  /**
   * True when the run must end at once over {@code problems}. Runs started before the request's
   * limits existed went on when only those were broken: they replay as they ran. The version marker
   * is recorded only when a limit is broken, so valid requests keep their history.
   */
  private boolean refusesAtStart(List<RequestProblem> problems) {
    return problems.size() > request.limitProblems().size()
        || Workflow.getVersion(REQUEST_LIMITS, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** Whether this run goes straight to the stop ({@link #STRAIGHT_TO_STOP}); asked once. */
  /**
   * Whether something waits between the quiet window and the stop: a person (or the wave) at the
   * stop gate, or a DTS data verification.
   */
  private static boolean pausesBeforeStop(CutoverRequest request) {
    return request.requireVerification() != null || request.approval().waitsForPerson(Gate.STOP);
  }

  private boolean straightToStop() {
    straightToStop = Workflow.getVersion(STRAIGHT_TO_STOP, Workflow.DEFAULT_VERSION, 1) >= 1;
    return straightToStop;
  }

  /**
   * Ends the run early. A cancelled workflow ends as cancelled, whatever failure the cancellation
   * surfaced as (a {@link CanceledFailure}, an {@link ActivityFailure} caused by one, an expired
   * wait); the SDK then closes the run as cancelled. Compensation runs in a detached scope, so a
   * cancellation can never interrupt a restore.
   */
  private void finish(Outcome outcome, ReasonCode code, String reason) {
    if (CancellationScope.current().isCancelRequested() && state.outcome == null) {
      outcome = Outcome.ABORTED;
      code = ReasonCode.CANCELLED;
      reason = "workflow cancelled";
      dtsReadCutOff = false;
    }
    Outcome ending = outcome;
    ReasonCode because = code;
    String why = reason;
    Workflow.newDetachedCancellationScope(() -> end(ending, because, why)).run();
  }

  /**
   * The runbook (docs/design.md, "The runbook"): read the task, choose the route, then walk it, for
   * real or, in a dry run, as a plan.
   */
  private void runbook() {
    JobSnapshot job = preflight();
    Route route = classify(job);
    if (route == Route.INCREMENTAL && markerProof()) {
      checkMarker();
    }
    if (request.dryRun()) {
      RunbookPlan plan = new RunbookPlan(request, job, state.verification);
      runbook(route, job, request, walking(plan), () -> true);
      state.plan.addAll(plan.sentences());
      recordLag("dry run", job);
      end(
          Outcome.DRY_RUN,
          ReasonCode.DRY_RUN,
          "dry run: checks passed, nothing was frozen, stopped or deleted");
      return;
    }
    runbook(route, job, request, walking(this), this::straightToStop);
  }

  /**
   * The route, step by step: the one walk of a real run and of a dry run's plan ({@link
   * RunbookSteps}). Which steps apply is decided here, from the request and the preflight reading.
   */
  static void runbook(
      Route route,
      JobSnapshot job,
      CutoverRequest request,
      RunbookSteps steps,
      BooleanSupplier straightToStop) {
    switch (route) {
      case FULL_LOAD_ONLY -> {
        steps.waitForFullLoadEnd();
        if (request.deleteAfterStop()) {
          steps.deleteTask();
        }
        steps.complete(
            ReasonCode.FULL_LOAD_FINISHED,
            "the full load finished by itself; the task was not stopped");
      }
      case STOP_AS_IS -> {
        steps.requireGate(Gate.STOP, job);
        steps.confirmStillAsAccepted(job);
        steps.stopTask();
        if (request.deleteAfterStop()) {
          steps.deleteTask();
        }
        steps.complete(
            ReasonCode.STOPPED_AS_IS,
            "the " + job.rawStatus() + " task was stopped without catch-up, as requested");
      }
      case INCREMENTAL -> {
        boolean workerFreeze = request.freezeStrategy().runsOnWorker();
        if (!job.incrementalRunning()) {
          steps.waitForIncremental();
        }
        if (request.notBefore() != null || request.notAfter() != null) {
          steps.waitForWindow();
        }
        job = steps.waitForLowLag();
        steps.requireGate(Gate.FREEZE, job);
        steps.freezeSource();
        if (request.proof() == ProofMode.MARKER) {
          steps.waitForZeroLag();
          steps.proveWithMarker();
        }
        job = steps.holdZeroLag();
        // When nothing may wait between the quiet window and the stop (no person, no DTS data
        // verification), the freeze is proven once, together with the final reading. Otherwise it
        // is proven after the quiet window, so whoever decides sees it held, and again after the
        // final reading. Runs started before STRAIGHT_TO_STOP take the checks in turn.
        boolean together =
            workerFreeze && !pausesBeforeStop(request) && straightToStop.getAsBoolean();
        if (workerFreeze && !together) {
          steps.verifyFreeze("after the quiet window");
        }
        if (request.requireVerification() != null) {
          steps.awaitDataVerification();
        }
        steps.requireGate(Gate.STOP, job);
        if (together) {
          steps.confirmReadyToStopWhileFrozen();
        } else {
          steps.confirmReadyToStop();
          if (workerFreeze) {
            steps.verifyFreeze("before the stop");
          }
        }
        if (request.waveId() != null) {
          steps.awaitWaveStop();
        }
        steps.stopTask();
        if (request.deleteAfterStop()) {
          steps.deleteTask();
        }
        steps.endFreeze();
        steps.complete(
            ReasonCode.CAUGHT_UP_AND_STOPPED,
            "incremental migration caught up with writes frozen; the task was stopped");
      }
    }
  }

  /** The steps the runbook walks: {@code steps} as given. A test wraps them to record the walk. */
  RunbookSteps walking(RunbookSteps steps) {
    return steps;
  }

  // ---------------------------------------------------------------- phases, in runbook order

  private JobSnapshot preflight() {
    enterPhase(Phase.PREFLIGHT);
    JobSnapshot job = describe("Preflight: describe " + request.jobId());
    Preflight.check(request, job);
    requireVerificationConfigured();
    recordInTimeline("preflight passed: " + job.describe());
    return job;
  }

  private Route classify(JobSnapshot job) {
    enterPhase(Phase.CLASSIFY);
    Route route = Preflight.route(request, job);
    recordInTimeline(CutoverMessages.routeChosen(route, job));
    return route;
  }

  @Override
  public void waitForFullLoadEnd() {
    enterPhase(Phase.WAIT_FOR_FULL_LOAD_END);
    awaitJob(
        WaitCondition.FULL_LOAD_FINISHED,
        Duration.ZERO,
        after(
            request.waitForIncrementalTimeout(),
            ReasonCode.FULL_LOAD_TIMEOUT,
            "the full load did not finish within " + request.waitForIncrementalTimeout()),
        "Wait for the full load to finish by itself");
  }

  @Override
  public void waitForIncremental() {
    enterPhase(Phase.WAIT_FOR_INCREMENTAL);
    awaitJob(
        WaitCondition.INCREMENTAL_RUNNING,
        Duration.ZERO,
        after(
            request.waitForIncrementalTimeout(),
            ReasonCode.FULL_LOAD_TIMEOUT,
            "incremental migration did not start within " + request.waitForIncrementalTimeout()),
        "Wait for the full load to end and incremental migration to start");
  }

  @Override
  public void waitForWindow() {
    if (request.notBefore() != null && now().isBefore(request.notBefore())) {
      enterPhase(Phase.WAIT_FOR_WINDOW);
      Deadline opens =
          new Deadline(request.notBefore(), ReasonCode.WINDOW_CLOSED, "maintenance window opens");
      waitFor(opens, () -> false);
      recordInTimeline("maintenance window open");
    }
    Deadline latest = latestFreezeStart();
    if (latest != null && !now().isBefore(latest.at())) {
      throw RunbookStop.abort(latest.code(), latest.reason());
    }
  }

  @Override
  public JobSnapshot waitForLowLag() {
    enterPhase(Phase.WAIT_FOR_LOW_LAG);
    return awaitJob(
        WaitCondition.LAG_AT_MOST,
        Duration.ZERO,
        Deadline.earliest(
            after(
                request.catchUpTimeout(),
                ReasonCode.CATCH_UP_TIMEOUT,
                "lag did not come down to "
                    + request.maxLagBeforeFreeze()
                    + " within "
                    + request.catchUpTimeout()
                    + "; nothing was frozen"),
            latestFreezeStart()),
        "Wait for lag <= " + request.maxLagBeforeFreeze() + " before any downtime");
  }

  @Override
  public void freezeSource() {
    enterPhase(Phase.FREEZING);
    state.frozenAt = now();
    state.freezeDeadline =
        after(
            request.maxFreeze(),
            ReasonCode.FREEZE_BUDGET,
            "freeze budget of " + request.maxFreeze() + " exhausted before the task could stop");
    startStopDeadline();
    FreezeStrategy strategy = request.freezeStrategy();
    switch (strategy) {
      case NONE -> {
        state.frozen = true;
        recordInTimeline(
            "freeze strategy none: writes were stopped by the operator before the cutover");
      }
      case MANUAL -> awaitWritesStopped();
      default -> {
        FreezeSpec spec =
            new FreezeSpec(strategy, request.freezeTarget(), request.job(), workflowId());
        // From here on every abort restores the source with this receipt.
        state.receipt =
            race(
                () ->
                    stubs
                        .freeze("Prepare " + CutoverMessages.describeFreeze(request))
                        .prepare(spec),
                null);
        // The guard exists before anything changes, so it can restore whatever happens next.
        freezeGuard = FreezeGuardHandle.start(state.receipt, state.freezeDeadline.at());
        recordInTimeline(freezeGuard.describe());
        try {
          state.freezeBaseline =
              race(
                  () ->
                      stubs
                          .applyFreeze("Freeze " + CutoverMessages.describeFreeze(request))
                          .freeze(state.receipt),
                  null);
        } finally {
          if (!lastStep.isCompleted()) {
            freezeInFlight = lastStep;
          }
        }
        state.frozen = true;
        recordInTimeline(
            "source frozen (" + String.join("; ", state.freezeBaseline.checks()) + ")");
      }
    }
    publish();
  }

  private void awaitWritesStopped() {
    state.awaitingWritesStopped = true;
    Deadline deadline =
        Deadline.earliest(
            after(
                request.approval().deadlineFor(Gate.FREEZE),
                ReasonCode.WRITES_NOT_CONFIRMED,
                "nobody confirmed that writes stopped within "
                    + request.approval().deadlineFor(Gate.FREEZE)),
            stopDeadline());
    state.pendingGateDeadline = deadline.at();
    recordInTimeline("manual freeze: stop the writers, then run confirm-freeze");
    publish();
    sendNotification(
        NotificationKind.WRITES_STOP_WAITING,
        null,
        CutoverMessages.writesStopWaiting(request, deadline.at()),
        CutoverCommands.confirmFreeze(workflowId(), request),
        deadline.at());
    boolean confirmed = waitFor(deadline, () -> state.writesStoppedBy != null);
    state.awaitingWritesStopped = false;
    state.pendingGateDeadline = null;
    if (!confirmed) {
      throw interrupted(deadline);
    }
    state.frozen = true;
    recordInTimeline("writes stopped, confirmed by " + state.writesStoppedBy);
  }

  @Override
  public void waitForZeroLag() {
    enterPhase(Phase.WAIT_FOR_ZERO_LAG);
    awaitJob(
        WaitCondition.CAUGHT_UP,
        Duration.ZERO,
        Deadline.earliest(catchUpDeadline("lag did not come down to zero"), stopDeadline()),
        "Wait for zero lag before writing the marker");
  }

  @Override
  public JobSnapshot holdZeroLag() {
    enterPhase(Phase.WAIT_FOR_ZERO_LAG);
    return awaitJob(
        WaitCondition.CAUGHT_UP,
        request.quietWindow(),
        !pausesBeforeStop(request),
        Deadline.earliest(
            catchUpDeadline("lag did not stay at zero for " + request.quietWindow()),
            stopDeadline()),
        "Wait for zero lag held for "
            + request.quietWindow()
            + (markerProof() ? " since the marker was seen" : ""));
  }

  private Deadline catchUpDeadline(String what) {
    return after(
        request.catchUpTimeout(),
        ReasonCode.CATCH_UP_TIMEOUT,
        what + " within " + request.catchUpTimeout());
  }

  // ---------------------------------------------------------------- marker proof

  private boolean markerProof() {
    return request.proof() == ProofMode.MARKER;
  }

  private MarkerSpec markerSpec() {
    return new MarkerSpec(
        request.markerSource(), request.proofDestination(), request.freezeStrategy(), workflowId());
  }

  /** Preflight of the marker proof: a missing table or grant is refused before any downtime. */
  private void checkMarker() {
    MarkerCheck check;
    try {
      check =
          race(
              () ->
                  stubs
                      .markers(
                          "Check the marker table on "
                              + request.markerSource()
                              + " and "
                              + request.proofDestination())
                      .check(markerSpec()),
              null);
    } catch (ActivityFailure failure) {
      throw RunbookStop.abort(
          ReasonCode.MARKER_UNUSABLE,
          "refused: marker proof cannot work: " + rootMessage(failure) + "; nothing was frozen");
    }
    recordInTimeline("marker proof ready (" + String.join("; ", check.checks()) + ")");
  }

  /**
   * With writes frozen and lag at zero: writes a marker on the source and waits until the
   * destination shows it. DTS's lag is a metric; a row that made it across is evidence.
   */
  @Override
  public void proveWithMarker() {
    MarkerSpec spec = markerSpec();
    String token = Workflow.randomUUID().toString();
    MarkerWrite written;
    try {
      written =
          race(
              () ->
                  stubs
                      .markers("Write the marker on " + spec.source())
                      .write(spec, token, state.receipt, state.freezeBaseline),
              null);
    } catch (ActivityFailure failure) {
      if (FreezeFailures.BREACHED.equals(failureType(failure))) {
        throw failure;
      }
      throw RunbookStop.abort(
          ReasonCode.MARKER_UNUSABLE,
          "the marker could not be written on " + spec.source() + ": " + rootMessage(failure));
    }
    if (written.baseline() != null) {
      state.freezeBaseline = written.baseline();
    }
    state.marker =
        new MarkerProof(spec.source(), spec.destination(), token, written.writtenAt(), null, null);
    recordInTimeline(
        "marker " + token + " written on " + spec.source() + " at " + written.writtenAt());
    publish();
    Instant seenAt = written.seenAt();
    if (seenAt == null) {
      seenAt = awaitMarker(spec, token, written.writtenAt());
    }
    state.marker = state.marker.seen(seenAt);
    recordInTimeline(state.marker.describe() + "; the quiet window starts now");
    publish();
  }

  /** Waits (an activity, heartbeating each look) until the destination shows the marker. */
  private Instant awaitMarker(MarkerSpec spec, String token, Instant writtenAt) {
    Deadline notSeen =
        new Deadline(
            now().plus(request.catchUpTimeout()),
            ReasonCode.MARKER_NOT_SEEN,
            "the marker written on "
                + spec.source()
                + " at "
                + writtenAt
                + " never reached the destination "
                + spec.destination()
                + " within "
                + request.catchUpTimeout()
                + ", although DTS reported lag 0: DTS is not carrying the source's writes; the"
                + " task was not stopped");
    MarkerActivities await =
        stubs.markerAwait(
            "Wait for the marker on " + spec.destination(),
            activityBound(notSeen, Duration.between(now(), notSeen.at())));
    try {
      Instant seenAt = race(() -> await.awaitSeen(spec, token, request.pollInterval()), null);
      if (seenAt == null) {
        throw interrupted(notSeen);
      }
      return seenAt;
    } catch (ActivityFailure failure) {
      if (failure.getRetryState() == RetryState.RETRY_STATE_TIMEOUT) {
        throw interrupted(notSeen);
      }
      throw RunbookStop.abort(
          ReasonCode.MARKER_UNUSABLE,
          "the marker could not be read on " + spec.destination() + ": " + rootMessage(failure));
    }
  }

  /**
   * With {@code requireVerification}: one reading of DTS data verification at preflight (and in a
   * dry run). A task without the check configured is refused before anything changes.
   */
  private void requireVerificationConfigured() {
    VerificationMode mode = request.requireVerification();
    if (mode == null) {
      return;
    }
    VerificationState verification =
        race(
            () ->
                stubs
                    .describe("Preflight: read DTS data verification (" + mode.cliName() + ")")
                    .describeVerification(request.job(), mode),
            null);
    state.verification = verification;
    state.addRequestId(verification.requestId());
    if (!verification.configured()) {
      throw RunbookStop.abort(
          ReasonCode.VERIFICATION_FAILED,
          "refused: --require-verification "
              + mode.cliName()
              + " but task "
              + request.jobId()
              + " has no "
              + String.join(" or ", verification.missingChecks())
              + " data verification configured (DescribeDataCheckTableDetails lists no table):"
              + " configure data verification on the DTS task, or drop the option; nothing was"
              + " changed");
    }
    recordInTimeline("DTS data verification: " + verification.describe());
  }

  /**
   * With {@code requireVerification}, frozen and caught up: waits for DTS data verification to
   * complete, raced against the stop deadline like every step (one activity that polls and
   * heartbeats; its own deadline, {@code catchUpTimeout}, is its schedule-to-close timeout, so no
   * timer is added). Differences, a failed check or a check that never completes abort the cutover
   * before the point of no return.
   */
  @Override
  public void awaitDataVerification() {
    VerificationMode mode = request.requireVerification();
    enterPhase(Phase.WAIT_FOR_VERIFICATION);
    Deadline deadline =
        Deadline.earliest(
            after(
                request.catchUpTimeout(),
                ReasonCode.VERIFICATION_FAILED,
                "DTS data verification ("
                    + mode.cliName()
                    + ") did not complete within "
                    + request.catchUpTimeout()
                    + "; the task was not stopped"),
            stopDeadline());
    Duration maxWait = Duration.between(now(), deadline.at());
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw interrupted(deadline);
    }
    VerificationWait wait = new VerificationWait(request.job(), mode, request.pollInterval());
    DtsActivities dts =
        stubs.await(
            "Wait for DTS data verification (" + mode.cliName() + ")",
            activityBound(deadline, maxWait));
    VerificationState verification;
    try {
      verification = race(() -> dts.awaitVerification(wait), null);
    } catch (ActivityFailure failure) {
      if (failure.getRetryState() == RetryState.RETRY_STATE_TIMEOUT) {
        throw interrupted(deadline);
      }
      throw failure;
    }
    state.verification = verification;
    state.addRequestId(verification.requestId());
    publish();
    String not = null;
    if (verification.hasDifferences()) {
      not =
          "DTS data verification found differences in "
              + verification.differences().size()
              + " table(s): "
              + verification.describeDifferences();
    } else if (verification.failed() || !verification.passes()) {
      not = "DTS data verification did not pass: " + verification.describe();
    }
    if (not != null) {
      throw RunbookStop.abort(
          ReasonCode.VERIFICATION_FAILED,
          not + "; the task was not stopped (see the DTS console for the rows)");
    }
    recordInTimeline("DTS data verification passed: " + verification.describe());
  }

  /**
   * The last reading before {@code StopDtsJob}, taken after the stop gate was decided. Each
   * condition is checked on its own, so the reason names the one that failed.
   */
  @Override
  public void confirmReadyToStop() {
    enterPhase(Phase.STOPPING);
    requireCaughtUp(finalReading(CONFIRM_CAUGHT_UP));
  }

  /**
   * The final reading and the proof that the freeze holds, taken at once: both are read-only, both
   * must pass, and the stop waits for the slower of the two instead of their sum. The reading is
   * judged first, as when they ran in turn.
   */
  @Override
  public void confirmReadyToStopWhileFrozen() {
    if (state.receipt == null) {
      confirmReadyToStop();
      return;
    }
    enterPhase(Phase.STOPPING);
    record ChecksBeforeStop(Promise<JobSnapshot> reading, Promise<FreezeProof> proof) {}
    ChecksBeforeStop checks =
        raceDtsRead(
            () -> {
              Promise<JobSnapshot> reading =
                  Async.function(
                      stubs.finalReadingBesideProof(CONFIRM_CAUGHT_UP)::describeJob, request.job());
              Promise<FreezeProof> proof =
                  Async.function(
                      stubs.proofBesideReading(VERIFY_BEFORE_STOP)::verify,
                      state.receipt,
                      state.freezeBaseline);
              Workflow.await(() -> reading.isCompleted() && proof.isCompleted());
              return new ChecksBeforeStop(reading, proof);
            },
            null);
    JobSnapshot job = checks.reading().get();
    observe(job);
    requireCaughtUp(job);
    recordFreezeVerified("before the stop", checks.proof().get());
  }

  /** Ends the run unless {@code job}, the reading right before the stop, is caught up. */
  private void requireCaughtUp(JobSnapshot job) {
    recordLag("before the stop", job);
    String not = null;
    if (!STOPPABLE_CAUGHT_UP.contains(job.status())) {
      not = "its status is " + job.rawStatus() + ", not Migrating or Synchronizing";
    } else if (!job.fullLoadFinished()) {
      not = CutoverMessages.fullLoadUnfinished(job);
    } else if (job.delayMillis() == null || job.delayMillis() != 0) {
      not = "its lag is not zero";
    } else if (job.incrementalStatus() != IncrementalStatus.CATCHED) {
      not = "DTS does not say Catched";
    }
    if (not != null) {
      throw RunbookStop.abort(
          ReasonCode.NOT_CAUGHT_UP_AT_STOP,
          "the task was not ready to stop after the stop gate: "
              + not
              + " ("
              + job.describe()
              + "); it was not stopped");
    }
  }

  /**
   * Before a stop-as-is: the task must still be in the state the person accepted. DTS retries a
   * failed task by itself, so a task may be running again by now; it is then not stopped, and the
   * run aborts (a new cutover takes the incremental route: freeze, catch up, stop).
   */
  @Override
  public void confirmStillAsAccepted(JobSnapshot accepted) {
    enterPhase(Phase.STOPPING);
    JobSnapshot job = finalReading("Read the task again before stopping it as is");
    recordLag("before the stop", job);
    if (job.status() != accepted.status()) {
      throw RunbookStop.abort(
          ReasonCode.TASK_STATE_UNSAFE,
          "the task changed from "
              + accepted.rawStatus()
              + " to "
              + job.describe()
              + " after the stop-as-is was accepted; it was not stopped (start a new cutover:"
              + " a running task is frozen, caught up and stopped)");
    }
    if (!job.fullLoadFinished()) {
      throw RunbookStop.abort(
          ReasonCode.TASK_STATE_UNSAFE,
          "the task is "
              + job.rawStatus()
              + " and "
              + CutoverMessages.fullLoadUnfinished(job)
              + "; not stopped");
    }
  }

  @Override
  public void stopTask() {
    enterPhase(Phase.STOPPING);
    recordInTimeline(
        straightToStop
            ? freezeGuard.claimPointOfNoReturnLocally()
            : freezeGuard.claimPointOfNoReturn());
    boolean outcomeUnknown = sendStop();
    if (outcomeUnknown) {
      confirmStopTookEffect();
    }
    awaitJob(
        WaitCondition.STOPPED,
        Duration.ZERO,
        after(
            STOP_TIMEOUT,
            ReasonCode.STOP_TIMEOUT,
            "the task did not reach Finished within "
                + STOP_TIMEOUT
                + " of StopDtsJob: check it in the DTS console"),
        "Wait for the stopped task to reach Finished");
    state.taskStopped = true;
    recordInTimeline("task Finished");
  }

  /**
   * Sends {@code StopDtsJob}, one attempt per activity, so the runbook knows what each attempt
   * said. An accepted stop, or one whose outcome is unknown (a timeout, a transport error), crosses
   * the point of no return. A refusal leaves the task untouched: the run aborts before the point.
   * Throttling was not executed either: it is retried, still raced against the budget and aborts.
   * Returns whether the outcome is unknown.
   */
  private boolean sendStop() {
    Duration backoff = Duration.ofSeconds(1);
    while (true) {
      stopIfInterrupted();
      state.stopSending = true;
      recordInTimeline("sending StopDtsJob");
      publish();
      try {
        DtsCallResult stop = stubs.stop("StopDtsJob " + request.jobId()).stopJob(request.job());
        state.addRequestId(stop.requestId());
        crossPointOfNoReturn(
            stop.alreadyDone()
                ? "StopDtsJob: the task was already stopping or Finished"
                : "StopDtsJob accepted (request " + stop.requestId() + ")");
        return false;
      } catch (ActivityFailure failure) {
        state.stopSending = false;
        String type = failureType(failure);
        if (type != null && STOP_REFUSALS.contains(type)) {
          throw RunbookStop.abort(
              ReasonCode.STOP_REFUSED,
              "DTS refused StopDtsJob (" + type + "): " + rootMessage(failure) + "; not stopped");
        }
        if (!DtsFailures.THROTTLED.equals(type)) {
          crossPointOfNoReturn(
              "the outcome of StopDtsJob is unknown ("
                  + (type == null ? "" : type + ": ")
                  + rootMessage(failure)
                  + "): it may have taken effect");
          return true;
        }
        recordInTimeline("StopDtsJob throttled, sending it again in " + backoff);
        waitFor(after(backoff, ReasonCode.DTS_UNREACHABLE, "StopDtsJob throttled"), () -> false);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_STOP_BACKOFF) > 0
                ? MAX_STOP_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
  }

  /**
   * After a stop whose outcome is unknown: reads the task until it shows the stop (anything but
   * running), sending the stop again while it still runs. A refusal of such a retry (DTS answers
   * OperationDenied while a task is stopping) is expected and does not fail the run.
   */
  private void confirmStopTookEffect() {
    for (int attempt = 1; attempt <= MAX_STOP_RESENDS; attempt++) {
      JobSnapshot job = describe("Read the task after a StopDtsJob with an unknown outcome");
      if (!job.status().isRunning()) {
        recordInTimeline("after the unknown stop the task is " + job.describe());
        return;
      }
      try {
        DtsCallResult stop = stubs.stop("StopDtsJob " + request.jobId()).stopJob(request.job());
        state.addRequestId(stop.requestId());
        recordInTimeline("StopDtsJob sent again and accepted (request " + stop.requestId() + ")");
      } catch (ActivityFailure failure) {
        recordInTimeline(
            "StopDtsJob sent again answered "
                + rootMessage(failure)
                + "; the earlier stop may be taking effect");
      }
      Workflow.sleep(request.pollInterval());
    }
  }

  /** Only an accepted stop, or one whose outcome is unknown, gets here. */
  private void crossPointOfNoReturn(String why) {
    state.pointOfNoReturn = true;
    state.stopSending = false;
    if (stopDeadlineScope != null) {
      stopDeadlineScope.cancel("the point of no return was crossed");
    }
    recordInTimeline("point of no return: " + why);
    publish();
  }

  @Override
  public void deleteTask() {
    GateDecision decision = passGate(Gate.DELETE, state.lastSnapshot);
    if (!decision.passes()) {
      noteInReport(
          "the task was not released: the delete gate was "
              + CutoverMessages.describeDecision(decision));
      return;
    }
    enterPhase(Phase.DELETING);
    if (state.prePaid) {
      noteInReport(
          "the task was not released: PrePaid (subscription) instances cannot be released by"
              + " API; release it in the DTS console");
      return;
    }
    try {
      DtsCallResult delete =
          stubs.change("DeleteDtsJob " + request.jobId()).deleteJob(request.job());
      state.addRequestId(delete.requestId());
      state.taskDeleted = true;
      recordInTimeline(delete.alreadyDone() ? "task was already released" : "task released");
    } catch (ActivityFailure failure) {
      if (!DtsFailures.CANNOT_RELEASE_PREPAID.equals(failureType(failure))) {
        throw failure;
      }
      noteInReport("the task was not released: " + rootMessage(failure));
    }
  }

  @Override
  public void endFreeze() {
    if (state.frozen && request.unfreezeAfterStop()) {
      restoreSource("unfreeze after stop, as requested");
    } else if (state.frozen) {
      noteInReport(CutoverMessages.sourceStaysFrozen(request));
    }
  }

  @Override
  public void complete(ReasonCode code, String summary) {
    end(Outcome.COMPLETED, code, summary);
  }

  // ---------------------------------------------------------------- gates

  @Override
  public void requireGate(Gate gate, JobSnapshot reading) {
    GateDecision decision = passGate(gate, reading);
    if (!decision.passes()) {
      throw RunbookStop.abort(
          decision.verdict() == GateVerdict.REJECTED
              ? ReasonCode.GATE_REJECTED
              : state.expiredBy == null ? ReasonCode.GATE_EXPIRED : state.expiredBy,
          gate.cliName() + " gate " + CutoverMessages.describeDecision(decision));
    }
  }

  private GateDecision passGate(Gate gate, JobSnapshot reading) {
    enterPhase(
        switch (gate) {
          case FREEZE -> Phase.GATE_FREEZE;
          case STOP -> Phase.GATE_STOP;
          case DELETE -> Phase.GATE_DELETE;
        });
    if (reading != null) {
      recordLag("at the " + gate.cliName() + " gate", reading);
    }
    ApprovalPolicy policy = request.approval();
    if (!policy.waitsForPerson(gate)) {
      return decide(policy.byPolicy(gate, now()));
    }
    Deadline deadline =
        Deadline.earliest(
            after(
                policy.deadlineFor(gate),
                ReasonCode.GATE_EXPIRED,
                "was not decided within " + policy.deadlineFor(gate)),
            gate == Gate.FREEZE ? latestFreezeStart() : null,
            stopDeadline());
    state.pendingGate = gate;
    state.pendingGateDeadline = deadline.at();
    recordInTimeline(
        "waiting for approval of the " + gate.cliName() + " gate until " + deadline.at());
    publish();
    if (inWave()) {
      reportToWave(
          gate == Gate.FREEZE
              ? WaveMemberReport.Point.AT_FREEZE_GATE
              : WaveMemberReport.Point.AT_STOP_GATE);
    } else {
      sendNotification(
          NotificationKind.GATE_WAITING,
          gate.cliName(),
          CutoverMessages.gateWaiting(request, gate, deadline.at(), state.verification),
          CutoverCommands.approve(workflowId(), request, gate),
          deadline.at());
    }
    boolean decided = waitFor(deadline, () -> state.decisionOn(gate) != null);
    state.pendingGate = null;
    state.pendingGateDeadline = null;
    publish();
    if (decided) {
      return state.decisionOn(gate);
    }
    if (abortPending()) {
      throw interrupted(deadline);
    }
    state.expiredBy = deadline.code();
    return decide(
        new GateDecision(gate, GateVerdict.EXPIRED, "deadline", now(), deadline.reason()));
  }

  private GateDecision decide(GateDecision decision) {
    if (state.decisionOn(decision.gate()) == null) {
      state.decisions.add(decision);
    }
    recordInTimeline(
        decision.gate().cliName() + " gate " + CutoverMessages.describeDecision(decision));
    return decision;
  }

  // ---------------------------------------------------------------- freeze and compensation

  @Override
  public void verifyFreeze(String moment) {
    if (state.receipt == null) {
      return;
    }
    FreezeProof proof =
        race(
            () ->
                stubs
                    .freeze("Verify the freeze " + moment)
                    .verify(state.receipt, state.freezeBaseline),
            null);
    recordFreezeVerified(moment, proof);
  }

  private void recordFreezeVerified(String moment, FreezeProof proof) {
    recordInTimeline("freeze verified " + moment + " (" + String.join("; ", proof.checks()) + ")");
  }

  /**
   * Puts the source back as it was. Runs until the unfreeze succeeds; {@link #finish} runs it in a
   * detached scope, so no cancellation interrupts it. A freeze that was interrupted while it ran
   * may still apply after this restore, so once it has ended the source is restored again
   * (restoring is idempotent).
   */
  private void restoreSource(String why) {
    if (state.receipt == null) {
      if (state.frozen || state.awaitingWritesStopped) {
        noteInReport(
            "writes on the source were stopped outside dts-cutover ("
                + request.freezeStrategy().cliName()
                + "): resume them by hand");
      }
      return;
    }
    enterPhaseUnchecked(Phase.COMPENSATING);
    recordInTimeline("restoring the source: " + why);
    unfreezeUntilDone();
    if (freezeInFlight != null && !freezeInFlight.isCompleted()) {
      recordInTimeline("the interrupted freeze is still running: restoring again once it ends");
      Workflow.await(freezeInFlight::isCompleted);
      unfreezeUntilDone();
    }
    state.frozen = false;
    state.receipt = null;
    recordInTimeline("source restored");
    freezeGuard.release();
  }

  private void unfreezeUntilDone() {
    while (true) {
      try {
        stubs
            .unfreeze("Restore the source (" + CutoverMessages.describeFreeze(request) + ")")
            .unfreeze(state.receipt);
        return;
      } catch (ActivityFailure failure) {
        // The retry policy retries every retryable error; a non-retryable one still must not
        // leave the source frozen, so try again after a pause.
        recordInTimeline("unfreeze failed, trying again in a minute: " + rootMessage(failure));
        Workflow.sleep(Duration.ofMinutes(1));
      }
    }
  }

  // ---------------------------------------------------------------- ending

  private void end(Outcome outcome, ReasonCode code, String reason) {
    if (outcome == Outcome.ABORTED && state.pointOfNoReturn) {
      outcome = Outcome.FAILED;
    }
    if ((outcome == Outcome.ABORTED || outcome == Outcome.FAILED) && !state.pointOfNoReturn) {
      restoreSource(reason);
    }
    if ((outcome == Outcome.ABORTED || outcome == Outcome.FAILED) && dtsReadCutOff) {
      reason += "; last DTS answer: " + lastDtsAnswer();
    }
    state.outcome = outcome;
    state.reason = code;
    if (outcome == Outcome.ABORTED || outcome == Outcome.FAILED) {
      state.error = reason;
    } else {
      state.summary = reason;
    }
    enterPhaseUnchecked(Phase.valueOf(outcome.name()));
    recordInTimeline(outcome + ": " + reason);
    if (!inWave()
        && (outcome == Outcome.COMPLETED
            || outcome == Outcome.ABORTED
            || outcome == Outcome.FAILED)) {
      // A member of a wave stays quiet: its wave notifies once for all of its jobs.
      sendNotification(
          NotificationKind.valueOf(outcome.name()),
          null,
          CutoverMessages.ended(request, outcome, reason),
          null,
          null);
    }
    log.info("cutover {} ended {}: {}", workflowId(), outcome, reason);
  }

  /**
   * DTS's answer now, read once (after the restore, never before it): what a person needs to know
   * why the waiting did not succeed, such as an unreadable {@code Delay} with its excerpt.
   */
  private String lastDtsAnswer() {
    try {
      JobSnapshot job = stubs.lastAnswer("Read DTS once for the reason").describeJob(request.job());
      observe(job);
      return job.describe();
    } catch (ActivityFailure failure) {
      String type = failureType(failure);
      return (type == null ? "" : type + ": ") + rootMessage(failure);
    }
  }

  private String explain(ActivityFailure failure) {
    return FailureOutcomes.explain(failure, state.pointOfNoReturn && !state.taskStopped);
  }

  private static String failureType(ActivityFailure failure) {
    return FailureOutcomes.type(failure);
  }

  private static String rootMessage(TemporalFailure failure) {
    return FailureOutcomes.rootMessage(failure);
  }

  // ---------------------------------------------------------------- waiting

  /** One reading, raced against aborts, the freeze budget and the window. */
  private JobSnapshot describe(String summary) {
    JobSnapshot job = raceDtsRead(() -> stubs.describe(summary).describeJob(request.job()), null);
    observe(job);
    return job;
  }

  /** The reading right before the stop: like {@link #describe}, ahead of routine polls. */
  private JobSnapshot finalReading(String summary) {
    JobSnapshot job =
        raceDtsRead(() -> stubs.finalReading(summary).describeJob(request.job()), null);
    observe(job);
    return job;
  }

  /**
   * Runs an await activity, raced like every step. Its own {@code deadline} is the activity's
   * schedule-to-close timeout, so no workflow timer is needed for it; a deadline that is the stop
   * deadline is left to that timer ({@link #activityBound}).
   */
  private JobSnapshot awaitJob(
      WaitCondition condition, Duration holdFor, Deadline deadline, String summary) {
    return awaitJob(condition, holdFor, null, deadline, summary);
  }

  /** Like the above, saying whether a stop follows when the wait ends ({@link AwaitRequest}). */
  private JobSnapshot awaitJob(
      WaitCondition condition,
      Duration holdFor,
      Boolean stopFollows,
      Deadline deadline,
      String summary) {
    Duration maxWait = Duration.between(now(), deadline.at());
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw interrupted(deadline);
    }
    AwaitRequest await =
        new AwaitRequest(
            request.job(),
            condition,
            request.maxLagBeforeFreeze(),
            holdFor,
            request.pollInterval(),
            stopFollows);
    DtsActivities dts = stubs.await(summary, activityBound(deadline, maxWait));
    AwaitResult result;
    try {
      result = raceDtsRead(() -> dts.awaitCondition(await), null);
    } catch (ActivityFailure failure) {
      if (failure.getRetryState() == RetryState.RETRY_STATE_TIMEOUT) {
        // The await's own schedule-to-close timeout is its deadline.
        dtsReadCutOff = true;
        throw interrupted(deadline);
      }
      throw failure;
    }
    JobSnapshot job = result.reading();
    state.holdRestarts += result.holdRestarts();
    if (result.readInterval() != null && !readIntervalNoted) {
      readIntervalNoted = true;
      recordInTimeline(
          "DTS's rate limit let the worker read the task only every "
              + result.readInterval()
              + ", not every "
              + request.pollInterval()
              + " as asked: too many tasks are watched in "
              + request.job().regionId()
              + " (see docs/performance.md)");
    }
    if (result.stopQueue() != null) {
      recordInTimeline(result.stopQueue().describe());
    }
    observe(job);
    return job;
  }

  /**
   * The schedule-to-close timeout of an await that must end by {@code deadline}, {@code maxWait}
   * from now. When the stop deadline bounds it, its one timer ends the wait (through {@link #race})
   * and the activity gets {@link #STOP_DEADLINE_MARGIN} more: were both to expire at the same
   * instant, the activity could time out while the timer's workflow task cancels it, and a cancel
   * of an activity that already closed stalls the run on the Temporal test server
   * (temporalio/sdk-java#2391).
   */
  private Duration activityBound(Deadline deadline, Duration maxWait) {
    Deadline stop = stopDeadline();
    return stop != null && !deadline.at().isBefore(stop.at())
        ? maxWait.plus(STOP_DEADLINE_MARGIN)
        : maxWait;
  }

  /** {@link #race} for a DTS reading: remembers when a deadline, not a person, cut it off. */
  private <T> T raceDtsRead(Functions.Func<T> step, Deadline deadline) {
    try {
      return race(step, deadline);
    } catch (RunbookStop stop) {
      dtsReadCutOff = !abortPending();
      throw stop;
    }
  }

  /**
   * Runs one step before the point of no return (an activity with its retries), raced against a
   * pending abort, the freeze budget and the window's end while frozen ({@link #stopDeadline}),
   * cancellation and {@code deadline} (may be {@code null}). The step is cancelled as soon as one
   * of them wins, and the runbook stops in that same workflow task.
   */
  private <T> T race(Functions.Func<T> step, Deadline deadline) {
    stopIfInterrupted();
    @SuppressWarnings("unchecked") // a generic array, which only ever holds a Promise<T>
    Promise<T>[] result = (Promise<T>[]) new Promise<?>[1];
    CancellationScope scope = Workflow.newCancellationScope(() -> result[0] = Async.function(step));
    scope.run();
    lastStep = result[0];
    boolean done;
    try {
      done = waitFor(deadline, result[0]::isCompleted);
    } finally {
      if (!result[0].isCompleted()) {
        scope.cancel();
      }
    }
    if (!done) {
      throw interrupted(deadline);
    }
    return result[0].get();
  }

  /**
   * Blocks until {@code condition} holds or {@code deadline} (may be {@code null}) passes. Throws
   * at once when the workflow is cancelled or, before the point of no return, an abort is pending.
   * While frozen, the stop deadline also ends the wait, watched through its one long-lived timer: a
   * wait bounded by it alone adds no timer. Returns whether the condition holds.
   */
  private boolean waitFor(Deadline deadline, Supplier<Boolean> condition) {
    CancellationScope scope = CancellationScope.current();
    Supplier<Boolean> ends =
        () ->
            condition.get() || scope.isCancelRequested() || abortPending() || stopDeadlinePassed();
    Deadline own = Deadline.earliest(deadline, stopDeadline());
    if (own == null || own.equals(stopDeadline())) {
      Workflow.await(ends);
    } else {
      // The timer is cancelled when the wait ends early, so it never fires later for nothing: the
      // history does not grow with how long anyone takes.
      Duration left = Duration.between(now(), own.at());
      if (!left.isNegative() && !left.isZero() && !ends.get()) {
        @SuppressWarnings("unchecked") // a generic array, which only ever holds a Promise<Void>
        Promise<Void>[] timer = (Promise<Void>[]) new Promise<?>[1];
        CancellationScope timerScope =
            Workflow.newCancellationScope(() -> timer[0] = Workflow.newTimer(left));
        timerScope.run();
        timer[0].handle((fired, cancelled) -> null); // cancelled when the wait ends: not ignored
        Workflow.await(() -> timer[0].isCompleted() || ends.get());
        if (!timer[0].isCompleted()) {
          timerScope.cancel();
        }
      }
    }
    if (scope.isCancelRequested()) {
      throw new CanceledFailure("workflow cancelled");
    }
    if (abortPending()) {
      throw interrupted(deadline);
    }
    return condition.get() && !stopDeadlinePassed();
  }

  /** Throws when the workflow was cancelled, an abort is pending or the stop deadline passed. */
  private void stopIfInterrupted() {
    if (CancellationScope.current().isCancelRequested()) {
      throw new CanceledFailure("workflow cancelled");
    }
    if (abortPending() || stopDeadlinePassed()) {
      throw interrupted(null);
    }
  }

  /** The stop that ends an interrupted wait: the person's abort, or the deadline's reason. */
  private RunbookStop interrupted(Deadline deadline) {
    if (abortPending()) {
      CutoverState.AbortRequest abort = state.abortRequest;
      return RunbookStop.abort(
          ReasonCode.ABORTED_BY_PERSON, "aborted by " + abort.by() + ": " + abort.reason());
    }
    Deadline passed = stopDeadlinePassed() || deadline == null ? state.stopDeadline : deadline;
    return RunbookStop.abort(passed.code(), passed.reason());
  }

  private boolean abortPending() {
    return state.abortRequest != null && !state.pointOfNoReturn;
  }

  private Deadline after(Duration duration, ReasonCode code, String reason) {
    return new Deadline(now().plus(duration), code, reason);
  }

  /** The latest moment a freeze may start and still reach the stop inside the window. */
  private Deadline latestFreezeStart() {
    if (request.notAfter() == null) {
      return null;
    }
    return new Deadline(
        request.notAfter().minus(request.quietWindow()),
        ReasonCode.WINDOW_CLOSED,
        "maintenance window: a freeze now could not reach the stop before "
            + request.notAfter()
            + "; nothing was frozen");
  }

  /**
   * Starts the freeze's one long-lived timer, at the freeze budget or the window's end, whichever
   * comes first. Every later step is raced against it through {@link #stopDeadlinePassed}.
   */
  private void startStopDeadline() {
    Deadline windowEnd =
        request.notAfter() == null
            ? null
            : new Deadline(
                request.notAfter(),
                ReasonCode.WINDOW_CLOSED,
                "maintenance window ended at " + request.notAfter() + " before the stop");
    state.stopDeadline = Deadline.earliest(state.freezeDeadline, windowEnd);
    Duration left = Duration.between(now(), state.stopDeadline.at());
    if (left.isNegative() || left.isZero()) {
      throw RunbookStop.abort(state.stopDeadline.code(), state.stopDeadline.reason());
    }
    TimerOptions options =
        TimerOptions.newBuilder()
            .setSummary("Stop deadline: " + state.stopDeadline.reason())
            .build();
    stopDeadlineScope =
        Workflow.newCancellationScope(() -> stopDeadlineTimer = Workflow.newTimer(left, options));
    stopDeadlineScope.run();
    // Cancelled at the point of no return, as meant: read, so the SDK does not log it as ignored.
    stopDeadlineTimer.handle((fired, cancelled) -> null);
  }

  /** While frozen before the point of no return: the freeze budget and the window's end. */
  private Deadline stopDeadline() {
    return state.pointOfNoReturn ? null : state.stopDeadline;
  }

  /** The stop deadline's timer fired (a cancelled timer does not count). */
  private boolean stopDeadlinePassed() {
    return !state.pointOfNoReturn
        && stopDeadlineTimer != null
        && stopDeadlineTimer.isCompleted()
        && stopDeadlineTimer.getFailure() == null;
  }

  // ---------------------------------------------------------------- recording

  private void enterPhase(Phase phase) {
    stopIfInterrupted();
    enterPhaseUnchecked(phase);
  }

  private void enterPhaseUnchecked(Phase phase) {
    if (state.phase != phase) {
      state.phase = phase;
      recordInTimeline("phase " + phase);
    }
    publish();
  }

  private void observe(JobSnapshot job) {
    state.lastSnapshot = job;
    state.prePaid |= job.prePaid();
    state.addRequestId(job.requestId());
  }

  private void recordLag(String moment, JobSnapshot job) {
    state.lagReadings.add(
        new LagReading(now(), moment, job.delayMillis(), job.caughtUp(), job.requestId()));
  }

  /**
   * Adds {@code text} to the timeline only (status, report, Web UI), on one line whatever input it
   * quotes.
   */
  private void recordInTimeline(String text) {
    state.timeline.add(new TimelineEntry(now(), state.phase, Quoted.oneLine(text)));
  }

  /**
   * Adds {@code text} to the report's notes, what a person must still do or know after the run, and
   * to the timeline.
   */
  private void noteInReport(String text) {
    state.notes.add(Quoted.oneLine(text));
    recordInTimeline(text);
  }

  /**
   * Sends a notification (the worker's webhook) without waiting for it; a failed one is only
   * logged. The timeline is not written: callers record their own line.
   */
  private void sendNotification(
      NotificationKind kind, String gate, String text, String command, Instant deadline) {
    CutoverNotification notification =
        new CutoverNotification(
            kind,
            workflowId(),
            request.jobId(),
            request.regionId(),
            state.phase.name(),
            gate,
            text,
            command,
            deadline,
            now());
    NotificationActivities notifications = stubs.notifications("Notify: " + kind);
    lastNotification = NotificationStubs.sendBestEffort(notifications, notification, log);
  }

  // ---------------------------------------------------------------- member of a wave

  private boolean inWave() {
    return request.waveId() != null;
  }

  /**
   * Tells the wave where this member is, without waiting: the wave decides this member's gates when
   * every member has reported the same point. A lost report only makes the wave wait, and its gate
   * deadlines still apply.
   */
  private void reportToWave(WaveMemberReport.Point point) {
    WaveMemberReport report =
        new WaveMemberReport(
            workflowId(),
            Workflow.getInfo().getRunId(),
            point,
            state.phase,
            state.frozen,
            state.lastSnapshot,
            now());
    ExternalWorkflowStub wave =
        Workflow.newUntypedExternalWorkflowStub(CutoverIds.waveWorkflowId(request.waveId()));
    Async.procedure(() -> wave.signal(WaveMemberReport.SIGNAL, report))
        .exceptionally(
            failure -> {
              log.warn(
                  "report to wave {} not delivered: {}", request.waveId(), failure.getMessage());
              return null;
            });
  }

  /**
   * A member ready to stop waits for the wave's order, so that no job is stopped until every job of
   * the wave has been read caught up with its freeze holding. The wait is raced like every step
   * before the point of no return: an abort (the wave's, when another job fails) or the freeze
   * budget ends it, and the source is restored.
   */
  @Override
  public void awaitWaveStop() {
    recordInTimeline("ready to stop: waiting for the wave to stop every job together");
    reportToWave(WaveMemberReport.Point.READY_TO_STOP);
    if (!waitFor(null, () -> state.waveStopBy != null)) {
      throw interrupted(null);
    }
    recordInTimeline("the wave " + request.waveId() + " ordered the stop");
  }

  @Override
  public void waveStop(String by) {
    if (!inWave() || !CutoverIds.waveWorkflowId(request.waveId()).equals(by)) {
      recordInTimeline(
          "ignored a wave stop order from " + by + ": this cutover is not a member of its wave");
      return;
    }
    state.waveStopBy = by;
  }

  private void publish() {
    publisher.publish(state.toStatus(workflowId(), request), now());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static String workflowId() {
    return Workflow.getInfo().getWorkflowId();
  }

  // ---------------------------------------------------------------- people: query, updates,
  // signals

  @Override
  public CutoverStatus status() {
    return state.toStatus(workflowId(), request);
  }

  @Override
  public void validateApprove(GateAction action) {
    refuseIf(ActionRefusals.name(action == null ? null : action.by()));
    refuseIf(ActionRefusals.decision(state, request, action));
  }

  @Override
  public ActionResult approve(GateAction action) {
    Gate gate = action.gate();
    decide(new GateDecision(gate, GateVerdict.APPROVED, action.by(), now(), action.text()));
    return result(
        gate.cliName() + " gate approved by " + action.by(), CutoverMessages.afterApproval(gate));
  }

  @Override
  public void validateReject(GateAction action) {
    refuseIf(ActionRefusals.name(action == null ? null : action.by()));
    refuseIf(ActionRefusals.decision(state, request, action));
  }

  @Override
  public ActionResult reject(GateAction action) {
    Gate gate = action.gate();
    decide(new GateDecision(gate, GateVerdict.REJECTED, action.by(), now(), action.text()));
    return result(
        gate.cliName() + " gate rejected by " + action.by(), CutoverMessages.afterRejection(gate));
  }

  @Override
  public void validateAbort(AbortAction action) {
    refuseIf(ActionRefusals.name(action == null ? null : action.by()));
    refuseIf(ActionRefusals.abort(state, action));
  }

  @Override
  public ActionResult abort(AbortAction action) {
    String reason =
        action.reason() == null || action.reason().isBlank() ? "no reason given" : action.reason();
    state.abortRequest = new CutoverState.AbortRequest(action.by(), reason);
    recordInTimeline("abort requested by " + action.by() + ": " + reason);
    return result(
        "abort accepted",
        "the source is restored and the task left running; the report gives the outcome");
  }

  @Override
  public void validateConfirmWritesStopped(WritesStopped action) {
    refuseIf(ActionRefusals.name(action == null ? null : action.by()));
    refuseIf(ActionRefusals.confirm(state, request, action));
  }

  @Override
  public ActionResult confirmWritesStopped(WritesStopped action) {
    state.writesStoppedBy = action.by();
    return result("writes stopped, confirmed by " + action.by(), "the cutover waits for zero lag");
  }

  @Override
  public void approveSignal(GateAction action) {
    actOnSignal(
        "approve",
        action,
        signalRefusal(
            action == null ? null : action.by(), ActionRefusals.decision(state, request, action)),
        () -> approve(action));
  }

  @Override
  public void rejectSignal(GateAction action) {
    actOnSignal(
        "reject",
        action,
        signalRefusal(
            action == null ? null : action.by(), ActionRefusals.decision(state, request, action)),
        () -> reject(action));
  }

  @Override
  public void abortSignal(AbortAction action) {
    actOnSignal(
        "abort",
        action,
        signalRefusal(action == null ? null : action.by(), ActionRefusals.abort(state, action)),
        () -> abort(action));
  }

  @Override
  public void confirmWritesStoppedSignal(WritesStopped action) {
    actOnSignal(
        "confirm-freeze",
        action,
        signalRefusal(
            action == null ? null : action.by(), ActionRefusals.confirm(state, request, action)),
        () -> confirmWritesStopped(action));
  }

  private ActionResult result(String message, String next) {
    return new ActionResult(message, state.phase, next);
  }

  @Override
  public void freezeGuardRestoredSource(String reason) {
    state.frozen = false;
    noteInReport(reason);
  }

  /** Signals cannot be refused to the sender: an invalid one is recorded and ignored. */
  private void actOnSignal(String signal, Object input, String refusal, Runnable action) {
    if (refusal == null) {
      action.run();
    } else {
      recordInTimeline("ignored " + signal + " signal " + input + ": " + refusal);
    }
  }

  /**
   * A signal's refusal: {@code refusal}, else a malformed name on runs started since names are
   * checked (signals that older runs acted on replay as they ran; the marker is only recorded for a
   * malformed name).
   */
  private static String signalRefusal(String who, String refusal) {
    if (refusal != null) {
      return refusal;
    }
    String badName = ActionRefusals.name(who);
    return badName != null && Workflow.getVersion(ACTOR_NAMES, Workflow.DEFAULT_VERSION, 1) >= 1
        ? badName
        : null;
  }

  private static void refuseIf(String refusal) {
    if (refusal != null) {
      throw new CutoverRefusal(refusal);
    }
  }
}
