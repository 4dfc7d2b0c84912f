package io.dtscutover.workflow;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.approval.GateDecision;
import io.dtscutover.approval.Verdict;
import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.DtsActivities;
import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.JobSnapshot;
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
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * The cutover runbook. {@link #run} reads top to bottom as DESIGN section 2; each phase is a
 * private method named after it. All state lives in {@link CutoverState}; handlers only record what
 * people asked for, validators only read.
 */
public class CutoverWorkflowImpl implements CutoverWorkflow {
  /** Failure type of a request that fails validation. */
  public static final String INVALID_REQUEST = "InvalidCutoverRequest";

  /** How long a stopped task may take to reach Finished before the cutover reports a failure. */
  static final Duration STOP_TIMEOUT = Duration.ofMinutes(30);

  /** How long a finished cutover waits for its last notification before it returns anyway. */
  static final Duration NOTIFICATION_GRACE = Duration.ofMinutes(2);

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

  @WorkflowInit
  public CutoverWorkflowImpl(CutoverRequest request) {
    this.request = request;
    Duration poll = request.pollInterval();
    this.stubs =
        new CutoverActivityStubs(
            poll == null || poll.isNegative() || poll.isZero()
                ? CutoverRequest.DEFAULT_POLL_INTERVAL
                : poll);
    this.publisher = new CutoverPublisher(request);
  }

  @Override
  public CutoverReport run(CutoverRequest ignoredSameAsInit) {
    state.startedAt = now();
    List<RequestProblem> problems = request.problems();
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          new InvalidCutoverRequestException(problems).getMessage(), INVALID_REQUEST);
    }
    event("cutover of " + request.job() + " requested by " + request.requestedBy());
    try {
      runbook();
    } catch (RunbookStop stop) {
      end(stop.outcome(), stop.reason());
    } catch (FreezeGuardRefusal refusal) {
      end(Outcome.ABORTED, refusal.getMessage());
    } catch (ActivityFailure failure) {
      end(outcomeOf(failure), explain(failure));
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(() -> end(Outcome.ABORTED, "workflow cancelled")).run();
      throw cancelled;
    }
    // Give the final notification its chance; it never decides the outcome.
    Workflow.await(
        NOTIFICATION_GRACE, () -> lastNotification == null || lastNotification.isCompleted());
    Workflow.await(Workflow::isEveryHandlerFinished);
    return state.toReport(workflowId(), request, now());
  }

  /** DESIGN section 2, in order. */
  private void runbook() {
    JobSnapshot job = preflight();
    Route route = classify(job);
    if (request.dryRun()) {
      planDryRun(route, job);
      return;
    }
    switch (route) {
      case FULL_LOAD_ONLY -> {
        waitForFullLoadEnd();
        deleteIfRequested();
        complete("the full load finished by itself; the task was not stopped");
      }
      case STOP_AS_IS -> {
        requireGate(Gate.STOP, job);
        stopTask();
        deleteIfRequested();
        complete("the " + job.rawStatus() + " task was stopped without catch-up, as requested");
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
        requireGate(Gate.STOP, job);
        confirmStillCaughtUp();
        stopTask();
        deleteIfRequested();
        complete("incremental migration caught up with writes frozen; the task was stopped");
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
      throw refuse(
          "task "
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
    event("preflight passed: " + job.describe());
    return job;
  }

  private Route classify(JobSnapshot job) {
    enterPhase(Phase.CLASSIFY);
    Route route;
    if (!job.status().isRunning()) {
      route = Route.STOP_AS_IS;
    } else if (!job.incrementalConfigured()) {
      route = Route.FULL_LOAD_ONLY;
    } else {
      route = Route.INCREMENTAL;
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
                  + ")");
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
        plan.add("wait for zero lag held for " + request.quietWindow());
        plan.add("stop gate (" + gateNote(Gate.STOP) + ")");
        plan.add("StopDtsJob and wait for Finished: the point of no return");
      }
    }
    if (request.deleteAfterStop()) {
      plan.add("delete gate (" + gateNote(Gate.DELETE) + "), then DeleteDtsJob");
    }
    recordLag("dry run", job);
    end(Outcome.DRY_RUN, "dry run: checks passed, nothing was frozen, stopped or deleted");
  }

  private void waitForFullLoadEnd() {
    enterPhase(Phase.WAIT_FOR_FULL_LOAD_END);
    awaitJob(
        WaitCondition.FULL_LOAD_FINISHED,
        Duration.ZERO,
        after(
            request.waitForIncrementalTimeout(),
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
            "incremental migration did not start within " + request.waitForIncrementalTimeout()),
        "Wait for the full load to end and incremental migration to start");
  }

  private void waitForWindow() {
    if (request.notBefore() != null && now().isBefore(request.notBefore())) {
      enterPhase(Phase.WAIT_FOR_WINDOW);
      Deadline opens = new Deadline(request.notBefore(), "maintenance window opens");
      if (waitFor(opens, () -> false) || abortPending()) {
        throw interrupted(opens);
      }
      event("maintenance window open");
    }
    Deadline latest = latestFreezeStart();
    if (latest != null && !now().isBefore(latest.at())) {
      throw RunbookStop.abort(latest.reason());
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
            "freeze budget of " + request.maxFreeze() + " exhausted before the task could stop");
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
        state.receipt = stubs.freeze("Prepare " + describeFreeze()).prepare(spec);
        freezeGuard = FreezeGuardHandle.start(state.receipt, state.freezeDeadline.at());
        event(freezeGuard.describe());
        state.freezeBaseline = stubs.freeze("Freeze " + describeFreeze()).freeze(state.receipt);
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
    JobSnapshot caughtUp =
        awaitJob(
            WaitCondition.CAUGHT_UP,
            request.quietWindow(),
            Deadline.earliest(
                after(
                    request.catchUpTimeout(),
                    "lag did not stay at zero for "
                        + request.quietWindow()
                        + " within "
                        + request.catchUpTimeout()),
                stopDeadline()),
            "Wait for zero lag held for " + request.quietWindow());
    verifyFreeze("after the quiet window");
    return caughtUp;
  }

  private void confirmStillCaughtUp() {
    enterPhase(Phase.STOPPING);
    JobSnapshot job = describe("Confirm the task is still caught up before stopping it");
    recordLag("before the stop", job);
    if (!job.caughtUp()) {
      throw RunbookStop.abort(
          "the task was no longer caught up before the stop (" + job.describe() + ")");
    }
    verifyFreeze("before the stop");
  }

  private void stopTask() {
    enterPhase(Phase.STOPPING);
    event(freezeGuard.claimPointOfNoReturn());
    state.pointOfNoReturn = true;
    event("point of no return: sending StopDtsJob");
    publish();
    DtsCallResult stop = stubs.change("StopDtsJob " + request.jobId()).stopJob(request.job());
    state.addRequestId(stop.requestId());
    event(
        stop.alreadyDone()
            ? "StopDtsJob: the task was already Finished"
            : "StopDtsJob accepted (request " + stop.requestId() + ")");
    awaitJob(
        WaitCondition.STOPPED,
        Duration.ZERO,
        after(
            STOP_TIMEOUT,
            "the task did not reach Finished within "
                + STOP_TIMEOUT
                + " of StopDtsJob: check it in the DTS console"),
        "Wait for the stopped task to reach Finished");
    state.taskStopped = true;
    event("task Finished");
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

  private void complete(String summary) {
    if (state.frozen && request.unfreezeAfterStop()) {
      restoreSource("unfreeze after stop, as requested");
    } else if (state.frozen) {
      note(
          "the source stays frozen: its writes now belong to the destination"
              + " (if the rollback plan needs it writable, undo the "
              + describeFreeze()
              + " freeze by hand; --unfreeze-after-stop does it for future cutovers)");
    }
    end(Outcome.COMPLETED, summary);
  }

  // ---------------------------------------------------------------- gates

  private void requireGate(Gate gate, JobSnapshot reading) {
    GateDecision decision = passGate(gate, reading);
    if (!decision.passes()) {
      throw RunbookStop.abort(gate.cliName() + " gate " + describeDecision(decision));
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
            after(policy.deadlineFor(gate), "was not decided within " + policy.deadlineFor(gate)),
            gate == Gate.FREEZE ? latestFreezeStart() : null,
            stopDeadline());
    state.pendingGate = gate;
    state.pendingGateDeadline = deadline.at();
    event("waiting for approval of the " + gate.cliName() + " gate until " + deadline.at());
    publish();
    tell(
        NotificationKind.GATE_WAITING,
        gate.cliName(),
        "Cutover of "
            + request.jobId()
            + " waits for approval of the "
            + gate.cliName()
            + " gate until "
            + deadline.at(),
        CutoverCommands.approve(workflowId(), request, gate),
        deadline.at());
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
        stubs.freeze("Verify the freeze " + moment).verify(state.receipt, state.freezeBaseline);
    event("freeze verified " + moment + " (" + String.join("; ", proof.checks()) + ")");
  }

  /** Puts the source back as it was. Runs until the unfreeze succeeds. */
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
    while (true) {
      try {
        stubs.unfreeze("Restore the source (" + describeFreeze() + ")").unfreeze(state.receipt);
        break;
      } catch (ActivityFailure failure) {
        // The retry policy retries every retryable error; a non-retryable one still must not
        // leave the source frozen, so try again after a pause.
        event("unfreeze failed, trying again in a minute: " + rootMessage(failure));
        Workflow.sleep(Duration.ofMinutes(1));
      }
    }
    state.frozen = false;
    state.receipt = null;
    event("source restored");
    freezeGuard.release();
  }

  private String describeFreeze() {
    return request.freezeStrategy().cliName()
        + (request.freezeTarget() == null ? "" : " on " + request.freezeTarget());
  }

  // ---------------------------------------------------------------- ending

  private void end(Outcome outcome, String reason) {
    if (outcome == Outcome.ABORTED && state.pointOfNoReturn) {
      outcome = Outcome.FAILED;
    }
    if ((outcome == Outcome.ABORTED || outcome == Outcome.FAILED) && !state.pointOfNoReturn) {
      restoreSource(reason);
    }
    state.outcome = outcome;
    if (outcome == Outcome.ABORTED || outcome == Outcome.FAILED) {
      state.error = reason;
    } else {
      state.summary = reason;
    }
    enterPhaseUnchecked(Phase.valueOf(outcome.name()));
    event(outcome + ": " + reason);
    if (outcome == Outcome.COMPLETED || outcome == Outcome.ABORTED || outcome == Outcome.FAILED) {
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

  private JobSnapshot describe(String summary) {
    JobSnapshot job = stubs.describe(summary).describeJob(request.job());
    observe(job);
    return job;
  }

  /**
   * Runs an await activity, racing it against {@code deadline} and against an abort request. The
   * activity is cancelled when either wins.
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
    DtsActivities dts = stubs.await(summary, maxWait);
    @SuppressWarnings("unchecked")
    Promise<JobSnapshot>[] result = new Promise[1];
    CancellationScope scope =
        Workflow.newCancellationScope(() -> result[0] = Async.function(dts::awaitCondition, await));
    scope.run();
    if (!waitFor(deadline, result[0]::isCompleted)) {
      scope.cancel();
      throw interrupted(deadline);
    }
    JobSnapshot job = result[0].get();
    observe(job);
    return job;
  }

  /**
   * Blocks until {@code condition} holds, the deadline passes, or (before the point of no return)
   * an abort is requested. Returns whether the condition holds.
   */
  private boolean waitFor(Deadline deadline, Supplier<Boolean> condition) {
    Duration left = Duration.between(now(), deadline.at());
    if (!left.isNegative() && !left.isZero()) {
      Workflow.await(left, () -> condition.get() || abortPending());
    }
    return condition.get();
  }

  /** The stop that ends an interrupted wait: the person's abort, or the deadline's reason. */
  private RunbookStop interrupted(Deadline deadline) {
    if (abortPending()) {
      CutoverState.AbortRequest abort = state.abortRequest;
      return RunbookStop.abort("aborted by " + abort.by() + ": " + abort.reason());
    }
    return RunbookStop.abort(deadline.reason());
  }

  private boolean abortPending() {
    return state.abortRequest != null && !state.pointOfNoReturn;
  }

  private Deadline after(Duration duration, String reason) {
    return new Deadline(now().plus(duration), reason);
  }

  /** The latest moment a freeze may start and still reach the stop inside the window. */
  private Deadline latestFreezeStart() {
    if (request.notAfter() == null) {
      return null;
    }
    return new Deadline(
        request.notAfter().minus(request.quietWindow()),
        "maintenance window: a freeze now could not reach the stop before "
            + request.notAfter()
            + "; nothing was frozen");
  }

  /** While frozen before the point of no return: the freeze budget and the window's end. */
  private Deadline stopDeadline() {
    if (state.freezeDeadline == null || state.pointOfNoReturn) {
      return null;
    }
    Deadline windowEnd =
        request.notAfter() == null
            ? null
            : new Deadline(
                request.notAfter(),
                "maintenance window ended at " + request.notAfter() + " before the stop");
    return Deadline.earliest(state.freezeDeadline, windowEnd);
  }

  // ---------------------------------------------------------------- recording

  private void enterPhase(Phase phase) {
    if (abortPending()) {
      throw interrupted(null);
    }
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

  private void event(String text) {
    state.timeline.add(new TimelineEntry(now(), state.phase, text));
  }

  private void note(String text) {
    state.notes.add(text);
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
  public void validateApprove(Gate gate, String approver, String comment) {
    refuseIf(decisionRefusal(gate, approver));
  }

  @Override
  public String approve(Gate gate, String approver, String comment) {
    decide(new GateDecision(gate, Verdict.APPROVED, approver, now(), nullToEmpty(comment)));
    return gate.cliName() + " gate approved by " + approver;
  }

  @Override
  public void validateReject(Gate gate, String approver, String reason) {
    refuseIf(decisionRefusal(gate, approver));
  }

  @Override
  public String reject(Gate gate, String approver, String reason) {
    decide(new GateDecision(gate, Verdict.REJECTED, approver, now(), nullToEmpty(reason)));
    return gate.cliName()
        + " gate rejected by "
        + approver
        + (gate == Gate.DELETE ? ": the task will not be released" : ": the cutover aborts");
  }

  @Override
  public void validateAbort(String by, String reason) {
    refuseIf(abortRefusal(by));
  }

  @Override
  public String abort(String by, String reason) {
    state.abortRequest =
        new CutoverState.AbortRequest(
            by, reason == null || reason.isBlank() ? "no reason given" : reason);
    event("abort requested by " + by + ": " + state.abortRequest.reason());
    return "abort accepted: the source will be restored and the task left running";
  }

  @Override
  public void validateConfirmWritesStopped(String by) {
    refuseIf(confirmRefusal(by));
  }

  @Override
  public String confirmWritesStopped(String by) {
    state.writesStoppedBy = by;
    return "writes stopped, confirmed by " + by + ": waiting for zero lag";
  }

  @Override
  public void approveSignal(Gate gate, String approver, String comment) {
    actOnSignal(
        "approve",
        approver,
        decisionRefusal(gate, approver),
        () -> approve(gate, approver, comment));
  }

  @Override
  public void rejectSignal(Gate gate, String approver, String reason) {
    actOnSignal(
        "reject", approver, decisionRefusal(gate, approver), () -> reject(gate, approver, reason));
  }

  @Override
  public void abortSignal(String by, String reason) {
    actOnSignal("abort", by, abortRefusal(by), () -> abort(by, reason));
  }

  @Override
  public void confirmWritesStoppedSignal(String by) {
    actOnSignal("confirm-freeze", by, confirmRefusal(by), () -> confirmWritesStopped(by));
  }

  @Override
  public void freezeGuardRestoredSource(String reason) {
    state.frozen = false;
    note(reason);
  }

  /** Signals cannot be refused to the sender: an invalid one is recorded and ignored. */
  private void actOnSignal(String signal, String who, String refusal, Runnable action) {
    if (refusal == null) {
      action.run();
    } else {
      event("ignored " + signal + " signal from " + who + ": " + refusal);
    }
  }

  private String decisionRefusal(Gate gate, String who) {
    if (gate == null) {
      return "name the gate: " + Gate.names();
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
    return request.approval().refusal(who, request.requestedBy());
  }

  private String abortRefusal(String by) {
    if (by == null || by.isBlank()) {
      return "say who aborts: --as NAME";
    }
    if (state.phase.isTerminal()) {
      return "the cutover has already ended (" + state.phase + ")";
    }
    if (state.pointOfNoReturn) {
      return "the cutover passed the point of no return (StopDtsJob was sent): it can only roll"
          + " forward";
    }
    if (state.abortRequest != null) {
      return "an abort by " + state.abortRequest.by() + " is already under way";
    }
    return null;
  }

  private String confirmRefusal(String by) {
    if (by == null || by.isBlank()) {
      return "say who confirms: --as NAME";
    }
    if (!state.awaitingWritesStopped || state.writesStoppedBy != null) {
      return "no manual freeze is waiting for confirmation (phase " + state.phase + ")";
    }
    return null;
  }

  private static void refuseIf(String refusal) {
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  private static RunbookStop refuse(String reason) {
    return RunbookStop.abort("refused: " + reason);
  }
}
