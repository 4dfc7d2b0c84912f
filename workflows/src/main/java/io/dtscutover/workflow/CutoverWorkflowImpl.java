package io.dtscutover.workflow;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.approval.GateDecision;
import io.dtscutover.approval.Verdict;
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
import io.temporal.failure.TimeoutFailure;
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
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The cutover runbook. {@link #run} reads top to bottom as docs/design.md, "The runbook"; each
 * phase is a private method named after it. All state lives in {@link CutoverState}; handlers only
 * record what people asked for, validators only read.
 */
public class CutoverWorkflowImpl implements CutoverWorkflow {
  /** Failure type of a request that fails validation. */
  public static final String INVALID_REQUEST = CutoverFailures.INVALID_REQUEST;

  /**
   * Change id: requests breaking a limit (see {@link CutoverRequest#limitProblems}) end at once.
   */
  static final String REQUEST_LIMITS = "request-limits";

  /** Change id: update and signal inputs with a malformed name are refused. */
  static final String ACTOR_NAMES = "actor-names";

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

  /** How the runbook proceeds once the task is known. */
  private enum Route {
    /** No incremental migration: wait for the full load to end by itself; never stop. */
    FULL_LOAD_ONLY,
    /** Incremental migration: catch up, freeze, catch up again, stop. */
    INCREMENTAL,
    /** A Paused or Failed task the request allows stopping: no catch-up is possible. */
    STOP_AS_IS
  }

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
    event("cutover of " + request.job() + " requested by " + request.requestedBy());
    try {
      runbook();
    } catch (RunbookStop stop) {
      finish(stop.outcome(), stop.code(), stop.reason());
    } catch (FreezeGuardRefusal refusal) {
      finish(Outcome.ABORTED, ReasonCode.FREEZE_GUARD, refusal.getMessage());
    } catch (ActivityFailure failure) {
      finish(outcomeOf(failure), codeOf(failure), explain(failure));
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

  /** The runbook (docs/design.md, "The runbook"), in order. */
  private void runbook() {
    JobSnapshot job = preflight();
    Route route = classify(job);
    if (route == Route.INCREMENTAL && markerProof()) {
      checkMarker();
    }
    if (request.dryRun()) {
      planDryRun(route, job);
      return;
    }
    switch (route) {
      case FULL_LOAD_ONLY -> {
        waitForFullLoadEnd();
        deleteIfRequested();
        complete(
            ReasonCode.FULL_LOAD_FINISHED,
            "the full load finished by itself; the task was not stopped");
      }
      case STOP_AS_IS -> {
        requireGate(Gate.STOP, job);
        confirmStillAsAccepted(job);
        stopTask();
        deleteIfRequested();
        complete(
            ReasonCode.STOPPED_AS_IS,
            "the " + job.rawStatus() + " task was stopped without catch-up, as requested");
      }
      case INCREMENTAL -> {
        if (!job.incrementalRunning()) {
          waitForIncremental();
        }
        waitForWindow();
        job = waitForLowLag();
        requireGate(Gate.FREEZE, job);
        freezeSource();
        job = waitForZeroLag();
        awaitDataVerification();
        requireGate(Gate.STOP, job);
        confirmReadyToStop();
        if (inWave()) {
          awaitWaveStop();
        }
        stopTask();
        deleteIfRequested();
        complete(
            ReasonCode.CAUGHT_UP_AND_STOPPED,
            "incremental migration caught up with writes frozen; the task was stopped");
      }
    }
  }

  // ---------------------------------------------------------------- phases, in runbook order

  private JobSnapshot preflight() {
    enterPhase(Phase.PREFLIGHT);
    JobSnapshot job = describe("Preflight: describe " + request.jobId());
    if (job.job() != null
        && job.job().regionId() != null
        && !job.job().regionId().equals(request.regionId())) {
      throw RunbookStop.abort(
          ReasonCode.WRONG_REGION,
          "refused: task "
              + request.jobId()
              + " is in region "
              + job.job().regionId()
              + ", not "
              + request.regionId()
              + ": pass --region "
              + job.job().regionId());
    }
    String status = job.rawStatus() == null ? job.status().name() : job.rawStatus();
    switch (job.status()) {
      case FINISHED ->
          throw RunbookStop.alreadyCompleted(
              "task " + request.jobId() + " is already Finished (completed): nothing to do");
      case NOT_STARTED, NOT_CONFIGURED, PRECHECK_PASSED ->
          throw refuse("task has not started (" + status + "): start it in the DTS console first");
      case PRECHECKING ->
          throw refuse("task is still prechecking: wait until its precheck passes and it runs");
      case PRECHECK_FAILED ->
          throw refuse("task failed its precheck: fix the precheck errors in the DTS console");
      case PAUSED -> {
        if (!request.allowPaused()) {
          throw refuse(
              "task is Paused: resume it first, or pass --allow-paused to stop it without catch-up");
        }
      }
      case FAILED, INITIALIZE_FAILED -> {
        if (!request.allowFailed()) {
          throw refuse(
              "task has failed ("
                  + status
                  + (job.errorMessage() == null ? "" : ": " + job.errorMessage())
                  + "): fix it first, or pass --allow-failed to stop it without catch-up");
        }
      }
      case MIGRATING, SYNCHRONIZING, INITIALIZING -> {}
      default ->
          throw refuse(
              "task is " + status + ": not safe to cut over now; wait until it is Migrating");
    }
    requireVerificationConfigured();
    event("preflight passed: " + job.describe());
    return job;
  }

  private Route classify(JobSnapshot job) {
    enterPhase(Phase.CLASSIFY);
    Route route;
    if (!job.status().isRunning()) {
      if (!job.fullLoadFinished()) {
        throw refuse(
            "task is "
                + job.rawStatus()
                + " and "
                + fullLoadUnfinished(job)
                + ": resume it and let the full load finish first");
      }
      route = Route.STOP_AS_IS;
    } else if (!job.incrementalConfigured()) {
      route = Route.FULL_LOAD_ONLY;
    } else {
      route = Route.INCREMENTAL;
    }
    if (request.requireVerification() != null && route != Route.INCREMENTAL) {
      throw RunbookStop.abort(
          ReasonCode.VERIFICATION_FAILED,
          "refused: --require-verification gates the stop of a task caught up with writes frozen,"
              + " and this task is "
              + (route == Route.FULL_LOAD_ONLY
                  ? "full-load-only (it is never stopped)"
                  : job.rawStatus() + " (it would be stopped as is, without catch-up)")
              + ": check DTS data verification in the console and drop the option; nothing was"
              + " changed");
    }
    event(
        switch (route) {
          case FULL_LOAD_ONLY -> "full-load-only task: it will be left to finish by itself";
          case STOP_AS_IS -> "task is " + job.rawStatus() + ": stopping it as is, as allowed";
          case INCREMENTAL ->
              job.incrementalRunning()
                  ? "incremental migration is running"
                  : "incremental migration configured; the task is still in full load";
        });
    return route;
  }

  private void planDryRun(Route route, JobSnapshot job) {
    List<String> plan = state.plan;
    switch (route) {
      case FULL_LOAD_ONLY -> {
        plan.add(
            "wait (up to " + request.waitForIncrementalTimeout() + ") for the full load to end");
        plan.add("never stop the task: a full-load-only task finishes by itself");
      }
      case STOP_AS_IS ->
          plan.add(
              "stop the "
                  + job.rawStatus()
                  + " task without catch-up ("
                  + gateNote(Gate.STOP)
                  + "), only if a fresh reading after the gate still shows it "
                  + job.rawStatus());
      case INCREMENTAL -> {
        if (!job.incrementalRunning()) {
          plan.add("wait for the full load to end and incremental migration to start");
        }
        if (request.notBefore() != null) {
          plan.add("wait for the maintenance window to open at " + request.notBefore());
        }
        boolean lowNow =
            WaitCondition.LAG_AT_MOST.evaluate(job, request.maxLagBeforeFreeze())
                == WaitCondition.Verdict.MET;
        plan.add(
            "wait for lag <= "
                + request.maxLagBeforeFreeze()
                + " (now "
                + (job.delayMillis() == null ? "unknown" : job.delayMillis() + " ms")
                + (lowNow ? ", already low enough)" : ")"));
        plan.add("freeze gate (" + gateNote(Gate.FREEZE) + ")");
        plan.add(
            "freeze writes on the source with "
                + request.freezeStrategy().cliName()
                + (request.freezeTarget() == null ? "" : " on " + request.freezeTarget())
                + ", for at most "
                + request.maxFreeze());
        if (markerProof()) {
          plan.add("wait for zero lag");
          plan.add(
              "write a marker row on "
                  + request.markerSource()
                  + " and wait until "
                  + request.proofDestination()
                  + " shows it (within "
                  + request.catchUpTimeout()
                  + ", or abort and restore the source)");
          plan.add("then wait for zero lag held for " + request.quietWindow());
        } else {
          plan.add("wait for zero lag held for " + request.quietWindow());
        }
        if (request.requireVerification() != null) {
          plan.add(
              "wait for DTS data verification ("
                  + request.requireVerification().cliName()
                  + ") to complete with no table differing; differences abort ("
                  + state.verification.describe()
                  + " now)");
        }
        plan.add("stop gate (" + gateNote(Gate.STOP) + ")");
        plan.add("StopDtsJob and wait for Finished: the point of no return");
      }
    }
    if (request.deleteAfterStop()) {
      plan.add("delete gate (" + gateNote(Gate.DELETE) + "), then DeleteDtsJob");
    }
    recordLag("dry run", job);
    end(
        Outcome.DRY_RUN,
        ReasonCode.DRY_RUN,
        "dry run: checks passed, nothing was frozen, stopped or deleted");
  }

  private void waitForFullLoadEnd() {
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

  private void waitForIncremental() {
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

  private void waitForWindow() {
    if (request.notBefore() != null && now().isBefore(request.notBefore())) {
      enterPhase(Phase.WAIT_FOR_WINDOW);
      Deadline opens =
          new Deadline(request.notBefore(), ReasonCode.WINDOW_CLOSED, "maintenance window opens");
      waitFor(opens, () -> false);
      event("maintenance window open");
    }
    Deadline latest = latestFreezeStart();
    if (latest != null && !now().isBefore(latest.at())) {
      throw RunbookStop.abort(latest.code(), latest.reason());
    }
  }

  private JobSnapshot waitForLowLag() {
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

  private void freezeSource() {
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
        event("freeze strategy none: writes were stopped by the operator before the cutover");
      }
      case MANUAL -> awaitWritesStopped();
      default -> {
        FreezeSpec spec =
            new FreezeSpec(strategy, request.freezeTarget(), request.job(), workflowId());
        // From here on every abort restores the source with this receipt.
        state.receipt = race(() -> stubs.freeze("Prepare " + describeFreeze()).prepare(spec), null);
        // The guard exists before anything changes, so it can restore whatever happens next.
        freezeGuard = FreezeGuardHandle.start(state.receipt, state.freezeDeadline.at());
        event(freezeGuard.describe());
        try {
          state.freezeBaseline =
              race(
                  () -> stubs.applyFreeze("Freeze " + describeFreeze()).freeze(state.receipt),
                  null);
        } finally {
          if (!lastStep.isCompleted()) {
            freezeInFlight = lastStep;
          }
        }
        state.frozen = true;
        event("source frozen (" + String.join("; ", state.freezeBaseline.checks()) + ")");
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
    event("manual freeze: stop the writers, then run confirm-freeze");
    publish();
    tell(
        NotificationKind.WRITES_STOP_WAITING,
        null,
        "Cutover of "
            + request.jobId()
            + ": stop the writers on the source, then confirm before "
            + deadline.at(),
        CutoverCommands.confirmFreeze(workflowId(), request),
        deadline.at());
    boolean confirmed = waitFor(deadline, () -> state.writesStoppedBy != null);
    state.awaitingWritesStopped = false;
    state.pendingGateDeadline = null;
    if (!confirmed) {
      throw interrupted(deadline);
    }
    state.frozen = true;
    event("writes stopped, confirmed by " + state.writesStoppedBy);
  }

  private JobSnapshot waitForZeroLag() {
    enterPhase(Phase.WAIT_FOR_ZERO_LAG);
    if (markerProof()) {
      awaitJob(
          WaitCondition.CAUGHT_UP,
          Duration.ZERO,
          Deadline.earliest(catchUpDeadline("lag did not come down to zero"), stopDeadline()),
          "Wait for zero lag before writing the marker");
      proveWithMarker();
    }
    JobSnapshot caughtUp =
        awaitJob(
            WaitCondition.CAUGHT_UP,
            request.quietWindow(),
            Deadline.earliest(
                catchUpDeadline("lag did not stay at zero for " + request.quietWindow()),
                stopDeadline()),
            "Wait for zero lag held for "
                + request.quietWindow()
                + (markerProof() ? " since the marker was seen" : ""));
    verifyFreeze("after the quiet window");
    return caughtUp;
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
    event("marker proof ready (" + String.join("; ", check.checks()) + ")");
  }

  /**
   * With writes frozen and lag at zero: writes a marker on the source and waits until the
   * destination shows it. DTS's lag is a metric; a row that made it across is evidence.
   */
  private void proveWithMarker() {
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
    event("marker " + token + " written on " + spec.source() + " at " + written.writtenAt());
    publish();
    Instant seenAt = written.seenAt();
    if (seenAt == null) {
      seenAt = awaitMarker(spec, token, written.writtenAt());
    }
    state.marker = state.marker.seen(seenAt);
    event(state.marker.describe() + "; the quiet window starts now");
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
    event("DTS data verification: " + verification.describe());
  }

  /**
   * With {@code requireVerification}, frozen and caught up: waits for DTS data verification to
   * complete, raced against the stop deadline like every step (one activity that polls and
   * heartbeats; its own deadline, {@code catchUpTimeout}, is its schedule-to-close timeout, so no
   * timer is added). Differences, a failed check or a check that never completes abort the cutover
   * before the point of no return.
   */
  private void awaitDataVerification() {
    VerificationMode mode = request.requireVerification();
    if (mode == null) {
      return;
    }
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
    event("DTS data verification passed: " + verification.describe());
  }

  /**
   * The last reading before {@code StopDtsJob}, taken after the stop gate was decided. Each
   * condition is checked on its own, so the reason names the one that failed.
   */
  private void confirmReadyToStop() {
    enterPhase(Phase.STOPPING);
    JobSnapshot job = finalReading("Confirm the task is still caught up before stopping it");
    recordLag("before the stop", job);
    String not = null;
    if (!STOPPABLE_CAUGHT_UP.contains(job.status())) {
      not = "its status is " + job.rawStatus() + ", not Migrating or Synchronizing";
    } else if (!job.fullLoadFinished()) {
      not = fullLoadUnfinished(job);
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
    verifyFreeze("before the stop");
  }

  /**
   * Before a stop-as-is: the task must still be in the state the person accepted. DTS retries a
   * failed task by itself, so a task may be running again by now; it is then not stopped, and the
   * run aborts (a new cutover takes the incremental route: freeze, catch up, stop).
   */
  private void confirmStillAsAccepted(JobSnapshot accepted) {
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
          "the task is " + job.rawStatus() + " and " + fullLoadUnfinished(job) + "; not stopped");
    }
  }

  private static String fullLoadUnfinished(JobSnapshot job) {
    return "its full load has not finished (DataInitializationStatus "
        + (job.rawFullLoadStatus() == null ? "not reported" : job.rawFullLoadStatus())
        + "): stopping it would leave the destination with partial data";
  }

  private void stopTask() {
    enterPhase(Phase.STOPPING);
    event(freezeGuard.claimPointOfNoReturn());
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
    event("task Finished");
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
      event("sending StopDtsJob");
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
        event("StopDtsJob throttled, sending it again in " + backoff);
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
        event("after the unknown stop the task is " + job.describe());
        return;
      }
      try {
        DtsCallResult stop = stubs.stop("StopDtsJob " + request.jobId()).stopJob(request.job());
        state.addRequestId(stop.requestId());
        event("StopDtsJob sent again and accepted (request " + stop.requestId() + ")");
      } catch (ActivityFailure failure) {
        event(
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
    event("point of no return: " + why);
    publish();
  }

  private void deleteIfRequested() {
    if (!request.deleteAfterStop()) {
      return;
    }
    GateDecision decision = passGate(Gate.DELETE, state.lastSnapshot);
    if (!decision.passes()) {
      note("the task was not released: the delete gate was " + describeDecision(decision));
      return;
    }
    enterPhase(Phase.DELETING);
    if (state.prePaid) {
      note(
          "the task was not released: PrePaid (subscription) instances cannot be released by"
              + " API; release it in the DTS console");
      return;
    }
    try {
      DtsCallResult delete =
          stubs.change("DeleteDtsJob " + request.jobId()).deleteJob(request.job());
      state.addRequestId(delete.requestId());
      state.taskDeleted = true;
      event(delete.alreadyDone() ? "task was already released" : "task released");
    } catch (ActivityFailure failure) {
      if (!DtsFailures.CANNOT_RELEASE_PREPAID.equals(failureType(failure))) {
        throw failure;
      }
      note("the task was not released: " + rootMessage(failure));
    }
  }

  private void complete(ReasonCode code, String summary) {
    if (state.frozen && request.unfreezeAfterStop()) {
      restoreSource("unfreeze after stop, as requested");
    } else if (state.frozen) {
      note(
          "the source stays frozen: its writes now belong to the destination"
              + " (if the rollback plan needs it writable, undo the "
              + describeFreeze()
              + " freeze by hand; --unfreeze-after-stop does it for future cutovers)");
    }
    end(Outcome.COMPLETED, code, summary);
  }

  // ---------------------------------------------------------------- gates

  private void requireGate(Gate gate, JobSnapshot reading) {
    GateDecision decision = passGate(gate, reading);
    if (!decision.passes()) {
      throw RunbookStop.abort(
          decision.verdict() == Verdict.REJECTED
              ? ReasonCode.GATE_REJECTED
              : state.expiredBy == null ? ReasonCode.GATE_EXPIRED : state.expiredBy,
          gate.cliName() + " gate " + describeDecision(decision));
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
      boolean auto = policy.autoApprove() != null && policy.autoApprove().contains(gate);
      return decide(
          new GateDecision(
              gate, auto ? Verdict.AUTO_APPROVED : Verdict.NOT_REQUIRED, "policy", now(), ""));
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
    event("waiting for approval of the " + gate.cliName() + " gate until " + deadline.at());
    publish();
    if (inWave()) {
      tellWave(
          gate == Gate.FREEZE
              ? WaveMemberReport.Point.AT_FREEZE_GATE
              : WaveMemberReport.Point.AT_STOP_GATE);
    } else {
      tell(
          NotificationKind.GATE_WAITING,
          gate.cliName(),
          "Cutover of "
              + request.jobId()
              + " waits for approval of the "
              + gate.cliName()
              + " gate until "
              + deadline.at()
              + (gate == Gate.STOP && state.verification != null
                  ? "; DTS data verification: " + state.verification.describe()
                  : ""),
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
    return decide(new GateDecision(gate, Verdict.EXPIRED, "deadline", now(), deadline.reason()));
  }

  private GateDecision decide(GateDecision decision) {
    if (state.decisionOn(decision.gate()) == null) {
      state.decisions.add(decision);
    }
    event(decision.gate().cliName() + " gate " + describeDecision(decision));
    return decision;
  }

  private static String describeDecision(GateDecision decision) {
    String comment =
        decision.comment() == null || decision.comment().isBlank() ? "" : ": " + decision.comment();
    return switch (decision.verdict()) {
      case APPROVED -> "approved by " + decision.by() + comment;
      case AUTO_APPROVED -> "auto-approved by policy";
      case NOT_REQUIRED -> "passed (no approval required)";
      case REJECTED -> "rejected by " + decision.by() + comment;
      case EXPIRED -> "expired" + comment;
    };
  }

  private String gateNote(Gate gate) {
    ApprovalPolicy policy = request.approval();
    if (policy.waitsForPerson(gate)) {
      return "waits up to " + policy.deadlineFor(gate) + " for approval";
    }
    return policy.autoApprove() != null && policy.autoApprove().contains(gate)
        ? "auto-approved"
        : "no approval required";
  }

  // ---------------------------------------------------------------- freeze and compensation

  private void verifyFreeze(String moment) {
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
    event("freeze verified " + moment + " (" + String.join("; ", proof.checks()) + ")");
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
        note(
            "writes on the source were stopped outside dts-cutover ("
                + request.freezeStrategy().cliName()
                + "): resume them by hand");
      }
      return;
    }
    enterPhaseUnchecked(Phase.COMPENSATING);
    event("restoring the source: " + why);
    unfreezeUntilDone();
    if (freezeInFlight != null && !freezeInFlight.isCompleted()) {
      event("the interrupted freeze is still running: restoring again once it ends");
      Workflow.await(freezeInFlight::isCompleted);
      unfreezeUntilDone();
    }
    state.frozen = false;
    state.receipt = null;
    event("source restored");
    freezeGuard.release();
  }

  private void unfreezeUntilDone() {
    while (true) {
      try {
        stubs.unfreeze("Restore the source (" + describeFreeze() + ")").unfreeze(state.receipt);
        return;
      } catch (ActivityFailure failure) {
        // The retry policy retries every retryable error; a non-retryable one still must not
        // leave the source frozen, so try again after a pause.
        event("unfreeze failed, trying again in a minute: " + rootMessage(failure));
        Workflow.sleep(Duration.ofMinutes(1));
      }
    }
  }

  private String describeFreeze() {
    return request.freezeStrategy().cliName()
        + (request.freezeTarget() == null ? "" : " on " + request.freezeTarget());
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
    event(outcome + ": " + reason);
    if (!inWave()
        && (outcome == Outcome.COMPLETED
            || outcome == Outcome.ABORTED
            || outcome == Outcome.FAILED)) {
      // A member of a wave stays quiet: its wave notifies once for all of its jobs.
      tell(
          NotificationKind.valueOf(outcome.name()),
          null,
          "Cutover of "
              + request.jobId()
              + " in "
              + request.regionId()
              + " "
              + outcome
              + ": "
              + reason,
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

  private static Outcome outcomeOf(ActivityFailure failure) {
    String type = failureType(failure);
    // Waiting could not succeed, or writes got through the freeze: the runbook refuses to go on.
    if (DtsFailures.JOB_STATE_UNSAFE.equals(type)
        || FreezeFailures.BREACHED.equals(type)
        || FreezeFailures.NOT_HELD.equals(type)) {
      return Outcome.ABORTED;
    }
    return Outcome.FAILED;
  }

  /** The code of a failed activity: by its failure type first, then by which activity it was. */
  private static ReasonCode codeOf(ActivityFailure failure) {
    // A timeout or cancellation has no type; immutable collections refuse contains(null).
    String type = String.valueOf(failureType(failure));
    String activity = String.valueOf(failure.getActivityType());
    if (FreezeFailures.BREACHED.equals(type) || FreezeFailures.NOT_HELD.equals(type)) {
      return ReasonCode.FREEZE_BREACH;
    }
    if (FreezeFailures.NON_RETRYABLE.contains(type)) {
      return ReasonCode.FREEZE_FAILED;
    }
    if (DtsFailures.TRANSIENT.equals(type) || DtsFailures.THROTTLED.equals(type)) {
      return ReasonCode.DTS_UNREACHABLE;
    }
    if (DtsFailures.UNREADABLE.equals(type)) {
      return ReasonCode.DTS_UNREADABLE;
    }
    if (DtsFailures.JOB_NOT_FOUND.equals(type)) {
      return ReasonCode.JOB_NOT_FOUND;
    }
    if (DtsFailures.JOB_STATE_UNSAFE.equals(type)) {
      return ReasonCode.TASK_STATE_UNSAFE;
    }
    if (activity.equalsIgnoreCase("stopJob")) {
      return ReasonCode.STOP_REFUSED;
    }
    if (DtsFailures.NON_RETRYABLE.contains(type)) {
      return ReasonCode.DTS_ERROR;
    }
    return ReasonCode.ACTIVITY_FAILED;
  }

  private String explain(ActivityFailure failure) {
    String type = failureType(failure);
    String what = failure.getActivityType() + " failed";
    String message = rootMessage(failure);
    String text = what + (type == null ? "" : " (" + type + ")") + ": " + message;
    if (state.pointOfNoReturn && !state.taskStopped) {
      text += "; StopDtsJob was sent: check the task in the DTS console";
    }
    return text;
  }

  private static String failureType(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app ? app.getType() : null;
  }

  private static String rootMessage(TemporalFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app.getOriginalMessage();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "timed out (" + timeout.getTimeoutType() + ")";
    }
    return cause == null ? failure.getMessage() : cause.getMessage();
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
            request.pollInterval());
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
      event(
          "DTS's rate limit let the worker read the task only every "
              + result.readInterval()
              + ", not every "
              + request.pollInterval()
              + " as asked: too many tasks are watched in "
              + request.job().regionId()
              + " (see docs/performance.md)");
    }
    if (result.stopQueue() != null) {
      event(result.stopQueue().describe());
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
      event("phase " + phase);
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

  /** Adds {@code text} to the timeline, on one line whatever input it quotes. */
  private void event(String text) {
    state.timeline.add(new TimelineEntry(now(), state.phase, Quoted.oneLine(text)));
  }

  private void note(String text) {
    state.notes.add(Quoted.oneLine(text));
    event(text);
  }

  /** Sends a notification without waiting for it; a failed one is only logged. */
  private void tell(
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
    lastNotification =
        Async.procedure(notifications::notify, notification)
            .exceptionally(
                failure -> {
                  log.warn("notification {} not delivered: {}", kind, failure.getMessage());
                  return null;
                });
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
  private void tellWave(WaveMemberReport.Point point) {
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
  private void awaitWaveStop() {
    event("ready to stop: waiting for the wave to stop every job together");
    tellWave(WaveMemberReport.Point.READY_TO_STOP);
    if (!waitFor(null, () -> state.waveStopBy != null)) {
      throw interrupted(null);
    }
    event("the wave " + request.waveId() + " ordered the stop");
  }

  @Override
  public void waveStop(String by) {
    if (!inWave() || !CutoverIds.waveWorkflowId(request.waveId()).equals(by)) {
      event("ignored a wave stop order from " + by + ": this cutover is not a member of its wave");
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
    refuseIf(nameRefusal(action == null ? null : action.by()));
    refuseIf(decisionRefusal(action));
  }

  @Override
  public ActionResult approve(GateAction action) {
    Gate gate = action.gate();
    decide(new GateDecision(gate, Verdict.APPROVED, action.by(), now(), action.text()));
    return result(
        gate.cliName() + " gate approved by " + action.by(),
        switch (gate) {
          case FREEZE -> "the cutover freezes the source and waits for zero lag";
          case STOP -> "the cutover stops the DTS task: the point of no return";
          case DELETE -> "the cutover releases the DTS task";
        });
  }

  @Override
  public void validateReject(GateAction action) {
    refuseIf(nameRefusal(action == null ? null : action.by()));
    refuseIf(decisionRefusal(action));
  }

  @Override
  public ActionResult reject(GateAction action) {
    Gate gate = action.gate();
    decide(new GateDecision(gate, Verdict.REJECTED, action.by(), now(), action.text()));
    return result(
        gate.cliName() + " gate rejected by " + action.by(),
        gate == Gate.DELETE
            ? "the task will not be released; the cutover completes"
            : "the cutover aborts: the source is restored and the task left running");
  }

  @Override
  public void validateAbort(AbortAction action) {
    refuseIf(nameRefusal(action == null ? null : action.by()));
    refuseIf(abortRefusal(action));
  }

  @Override
  public ActionResult abort(AbortAction action) {
    String reason =
        action.reason() == null || action.reason().isBlank() ? "no reason given" : action.reason();
    state.abortRequest = new CutoverState.AbortRequest(action.by(), reason);
    event("abort requested by " + action.by() + ": " + reason);
    return result(
        "abort accepted",
        "the source is restored and the task left running; the report gives the outcome");
  }

  @Override
  public void validateConfirmWritesStopped(WritesStopped action) {
    refuseIf(nameRefusal(action == null ? null : action.by()));
    refuseIf(confirmRefusal(action));
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
        signalRefusal(action == null ? null : action.by(), decisionRefusal(action)),
        () -> approve(action));
  }

  @Override
  public void rejectSignal(GateAction action) {
    actOnSignal(
        "reject",
        action,
        signalRefusal(action == null ? null : action.by(), decisionRefusal(action)),
        () -> reject(action));
  }

  @Override
  public void abortSignal(AbortAction action) {
    actOnSignal(
        "abort",
        action,
        signalRefusal(action == null ? null : action.by(), abortRefusal(action)),
        () -> abort(action));
  }

  @Override
  public void confirmWritesStoppedSignal(WritesStopped action) {
    actOnSignal(
        "confirm-freeze",
        action,
        signalRefusal(action == null ? null : action.by(), confirmRefusal(action)),
        () -> confirmWritesStopped(action));
  }

  private ActionResult result(String message, String next) {
    return new ActionResult(message, state.phase, next);
  }

  @Override
  public void freezeGuardRestoredSource(String reason) {
    state.frozen = false;
    note(reason);
  }

  /** Signals cannot be refused to the sender: an invalid one is recorded and ignored. */
  private void actOnSignal(String signal, Object input, String refusal, Runnable action) {
    if (refusal == null) {
      action.run();
    } else {
      event("ignored " + signal + " signal " + input + ": " + refusal);
    }
  }

  /**
   * Why {@code who} cannot act at all: not a name of {@link Identifiers#NAME} (a newline in it
   * would forge a line of the timeline), or {@code null}.
   */
  private static String nameRefusal(String who) {
    return who == null || who.isBlank() ? null : Identifiers.nameProblem("name (by)", who);
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
    String badName = nameRefusal(who);
    return badName != null && Workflow.getVersion(ACTOR_NAMES, Workflow.DEFAULT_VERSION, 1) >= 1
        ? badName
        : null;
  }

  private String decisionRefusal(GateAction action) {
    if (action == null) {
      return "send {\"gate\": ..., \"by\": ...}";
    }
    return decisionRefusal(action.gate(), action.by());
  }

  private String decisionRefusal(Gate gate, String who) {
    if (gate == null) {
      return "name a gate: one of " + Gate.names();
    }
    if (state.phase.isTerminal()) {
      return "the cutover has already ended (" + state.phase + ")";
    }
    if (state.pendingGate != gate) {
      return "the "
          + gate.cliName()
          + " gate is not waiting for a decision"
          + (state.pendingGate == null
              ? " (phase " + state.phase + ")"
              : " (the " + state.pendingGate.cliName() + " gate is)");
    }
    if (state.decisionOn(gate) != null) {
      return "the " + gate.cliName() + " gate was already decided";
    }
    if (inWave() && !CutoverIds.waveWorkflowId(request.waveId()).equals(who)) {
      return "this job is a member of wave "
          + request.waveId()
          + ", whose gates decide for every job: cutover approve --wave-id "
          + request.waveId()
          + " --gate "
          + gate.cliName()
          + " --as YOUR_NAME";
    }
    return request.approval().refusal(who, request.requestedBy());
  }

  private String abortRefusal(AbortAction action) {
    if (action == null || action.by() == null || action.by().isBlank()) {
      return "say who aborts (by)";
    }
    if (state.phase.isTerminal()) {
      return "the cutover has already ended (" + state.phase + ")";
    }
    if (state.pointOfNoReturn) {
      return "the cutover passed the point of no return (StopDtsJob was sent): it can only roll"
          + " forward";
    }
    if (state.stopSending) {
      return "StopDtsJob is being sent: the cutover can only roll forward unless DTS refuses it"
          + " (a refusal aborts and restores the source by itself)";
    }
    if (state.abortRequest != null) {
      return "an abort by " + Quoted.of(state.abortRequest.by()) + " is already under way";
    }
    return null;
  }

  private String confirmRefusal(WritesStopped action) {
    if (action == null || action.by() == null || action.by().isBlank()) {
      return "say who confirms (by)";
    }
    if (!state.awaitingWritesStopped || state.writesStoppedBy != null) {
      return "no manual freeze is waiting for confirmation (phase " + state.phase + ")";
    }
    return request.approval().refusal(action.by(), request.requestedBy());
  }

  private static void refuseIf(String refusal) {
    if (refusal != null) {
      throw new CutoverRefusal(refusal);
    }
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  private static RunbookStop refuse(String reason) {
    return RunbookStop.abort(ReasonCode.REFUSED_STATUS, "refused: " + reason);
  }
}
