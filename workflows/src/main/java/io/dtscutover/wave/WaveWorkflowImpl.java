package io.dtscutover.wave;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.approval.GateDecision;
import io.dtscutover.approval.GateVerdict;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationActivities;
import io.dtscutover.notify.NotificationKind;
import io.dtscutover.notify.NotificationStubs;
import io.dtscutover.workflow.AbortAction;
import io.dtscutover.workflow.ActionResult;
import io.dtscutover.workflow.CutoverFailures;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverSearchAttributes;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.CutoverWorkflowOptions;
import io.dtscutover.workflow.GateAction;
import io.dtscutover.workflow.InvalidCutoverRequestException;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.Phase;
import io.dtscutover.workflow.ReasonCode;
import io.dtscutover.workflow.RequestProblem;
import io.dtscutover.workflow.TimelineEntry;
import io.dtscutover.workflow.WaveMemberReport;
import io.dtscutover.workflow.WaveMemberReport.Point;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The wave runbook; see {@link WaveWorkflow}. The wave never calls DTS or a database itself: its
 * jobs' cutovers do, each with its own compensation, and the wave decides their gates through the
 * cutover's own contract (the approve, abort and wave-stop signals). Its history grows with the
 * number of jobs and gates, never with time: the jobs report only when they reach a gate.
 */
public class WaveWorkflowImpl implements WaveWorkflow {
  /** How many cutover runs a job gets in all once the wave has ordered the stops. */
  static final int MAX_RUNS_AFTER_THE_ORDER = 3;

  /** The pause before a job whose stop did not take effect is cut over again. */
  static final Duration ROLL_FORWARD_PAUSE = Duration.ofMinutes(1);

  private static final Logger log = Workflow.getLogger(WaveWorkflowImpl.class);

  private final WaveRequest request;
  private final List<Member> members = new ArrayList<>();
  private final List<GateDecision> decisions = new ArrayList<>();
  private final List<TimelineEntry> timeline = new ArrayList<>();
  private Phase phase = Phase.PREFLIGHT;
  private Gate pendingGate;
  private Instant pendingGateDeadline;
  private AbortAction abortRequest;
  private boolean pointOfNoReturn;
  private Instant freezeDeadline;
  private Promise<Void> budgetTimer;
  private CancellationScope budgetScope;
  private Outcome outcome;
  private ReasonCode reason;
  private String message;
  private Instant startedAt;
  private Instant endedAt;
  private Promise<Void> lastNotification;
  private String publishedPhase = Phase.PREFLIGHT.name();
  private String publishedGate;

  /** Reports that arrived before the wave knew the run they came from. */
  private final Map<String, WaveMemberReport> reportsByRun = new HashMap<>();

  /** One job of the wave and its current cutover run. */
  private static final class Member {
    final CutoverRequest request;
    CutoverWorkflow cutover;
    Promise<CutoverReport> result;
    Promise<WorkflowExecution> started;
    String runId;
    int runs;
    CutoverReport report;
    String endedWithout;

    /** The points of the current run the wave has already answered. */
    final Set<Point> answered = EnumSet.noneOf(Point.class);

    Member(CutoverRequest request) {
      this.request = request;
    }

    boolean ended() {
      return result != null && result.isCompleted();
    }

    boolean stopped() {
      return report != null
          && (report.taskStopped() || report.outcome() == Outcome.ALREADY_COMPLETED);
    }
  }

  @WorkflowInit
  public WaveWorkflowImpl(WaveRequest request) {
    this.request = request;
  }

  @Override
  public WaveReport run(WaveRequest ignoredSameAsInit) {
    startedAt = now();
    List<RequestProblem> problems = request.problems();
    if (!problems.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          new InvalidCutoverRequestException(problems).getMessage(),
          CutoverFailures.INVALID_REQUEST);
    }
    for (int i = 0; i < request.jobs().size(); i++) {
      members.add(new Member(request.member(i)));
    }
    recordInTimeline(
        "wave of "
            + members.size()
            + " jobs requested by "
            + request.requestedBy()
            + (request.dryRun() ? " (dry run)" : ""));
    try {
      runbook();
    } catch (WaveStop stop) {
      Workflow.newDetachedCancellationScope(() -> abortAll(stop.code, stop.getMessage())).run();
    } catch (CanceledFailure cancelled) {
      Workflow.newDetachedCancellationScope(
              () -> abortAll(ReasonCode.CANCELLED, "the wave was cancelled"))
          .run();
    }
    Workflow.await(() -> lastNotification == null || lastNotification.isCompleted());
    Workflow.await(Workflow::isEveryHandlerFinished);
    return status();
  }

  /** The wave's runbook, in order. */
  private void runbook() {
    startAll();
    if (request.dryRun()) {
      Workflow.await(this::allEnded);
      collectReports();
      end(
          Outcome.DRY_RUN,
          ReasonCode.DRY_RUN,
          "dry run: every job's checks ran; nothing was frozen or stopped" + dryRunProblems());
      return;
    }
    enterPhase(Phase.WAIT_FOR_LOW_LAG);
    awaitEvery(Point.AT_FREEZE_GATE);
    requireGate(Gate.FREEZE);
    enterPhase(Phase.FREEZING);
    startBudget();
    answerAll(Point.AT_FREEZE_GATE);
    enterPhase(Phase.WAIT_FOR_ZERO_LAG);
    awaitEvery(Point.AT_STOP_GATE);
    requireGate(Gate.STOP);
    enterPhase(Phase.STOPPING);
    answerAll(Point.AT_STOP_GATE);
    awaitEvery(Point.READY_TO_STOP);
    crossPointOfNoReturn();
    answerAll(Point.READY_TO_STOP);
    rollForward();
  }

  // ---------------------------------------------------------------- the jobs

  private void startAll() {
    for (Member member : members) {
      start(member);
    }
    for (Member member : members) {
      awaitStarted(member);
    }
    List<Member> notStarted = members.stream().filter(m -> m.runId == null).toList();
    if (!notStarted.isEmpty()) {
      throw new WaveStop(
          ReasonCode.ALREADY_RUNNING,
          "not started: "
              + notStarted.stream().map(m -> m.endedWithout).collect(Collectors.joining("; "))
              + "; the wave changed nothing");
    }
    recordInTimeline("started the cutover of every job");
  }

  /** Starts a cutover run of {@code member} under the job's own workflow id. */
  private void start(Member member) {
    member.cutover =
        Workflow.newChildWorkflowStub(
            CutoverWorkflow.class,
            CutoverWorkflowOptions.forChild(member.request)
                // A job's cutover outlives the wave: ending the wave never leaves a source frozen
                // half-way; a job left alone aborts at its own gate deadlines.
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .build());
    member.runs++;
    member.runId = null;
    member.report = null;
    member.endedWithout = null;
    member.answered.clear();
    member.result = Async.function(member.cutover::run, member.request);
    member.started = Workflow.getWorkflowExecution(member.cutover);
  }

  private void awaitStarted(Member member) {
    try {
      member.runId = member.started.get().getRunId();
    } catch (RuntimeException failure) {
      member.endedWithout =
          member.request.workflowId()
              + " could not start (a cutover of "
              + member.request.jobId()
              + " is already live, or it was refused: "
              + failure.getMessage()
              + ")";
    }
  }

  /** Waits until every job reported {@code point}; any interruption ends the wait at once. */
  private void awaitEvery(Point point) {
    Workflow.await(() -> everyReached(point) || interrupted());
    throwIfInterrupted();
    recordInTimeline("every job reports " + point);
  }

  private boolean everyReached(Point point) {
    return members.stream().allMatch(member -> reached(member, point));
  }

  private boolean reached(Member member, Point point) {
    WaveMemberReport last = lastReport(member);
    return last != null && last.point().compareTo(point) >= 0;
  }

  private WaveMemberReport lastReport(Member member) {
    return member.runId == null ? null : reportsByRun.get(member.runId);
  }

  /** Answers {@code point} for every job: approves its gate, or orders its stop. */
  private void answerAll(Point point) {
    List<Promise<Void>> sent = new ArrayList<>();
    for (Member member : members) {
      if (!member.ended()) {
        sent.add(answer(member, point));
      }
    }
    awaitSent(sent);
  }

  private Promise<Void> answer(Member member, Point point) {
    member.answered.add(point);
    String wave = request.workflowId();
    CutoverWorkflow cutover = member.cutover;
    Functions.Proc send =
        switch (point) {
          case AT_FREEZE_GATE ->
              () -> cutover.approveSignal(GateAction.of(Gate.FREEZE, wave, "the wave's gate"));
          case AT_STOP_GATE ->
              () -> cutover.approveSignal(GateAction.of(Gate.STOP, wave, "the wave's gate"));
          case READY_TO_STOP -> () -> cutover.waveStop(wave);
        };
    return Async.procedure(send);
  }

  /** Waits for signals to be delivered; one to a job that has just ended is of no consequence. */
  private static void awaitSent(List<Promise<Void>> sent) {
    for (Promise<Void> promise : sent) {
      try {
        promise.get();
      } catch (RuntimeException ended) {
        log.info("a signal to a job was not delivered: {}", ended.getMessage());
      }
    }
  }

  private boolean allEnded() {
    return members.stream().allMatch(Member::ended);
  }

  private void collectReports() {
    for (Member member : members) {
      if (member.ended() && member.report == null && member.endedWithout == null) {
        if (member.result.getFailure() == null) {
          member.report = member.result.get();
        } else {
          member.endedWithout =
              member.request.workflowId() + " failed: " + member.result.getFailure().getMessage();
        }
      }
    }
  }

  // ---------------------------------------------------------------- interruptions

  /** The wave must stop waiting: cancelled, or, before its point of no return, an abort is due. */
  private boolean interrupted() {
    return CancellationScope.current().isCancelRequested()
        || (!pointOfNoReturn
            && (abortRequest != null
                || members.stream().anyMatch(Member::ended)
                || budgetPassed()));
  }

  /** Throws why the wave must abort now, before its point of no return; returns if it may go on. */
  private void throwIfInterrupted() {
    if (CancellationScope.current().isCancelRequested()) {
      throw new CanceledFailure("the wave was cancelled");
    }
    if (pointOfNoReturn) {
      return;
    }
    if (abortRequest != null) {
      throw new WaveStop(
          ReasonCode.ABORTED_BY_PERSON,
          "aborted by " + abortRequest.by() + ": " + nullToDefault(abortRequest.reason()));
    }
    collectReports();
    for (Member member : members) {
      if (member.ended()) {
        CutoverReport report = member.report;
        throw new WaveStop(
            report == null ? ReasonCode.ACTIVITY_FAILED : report.reason(),
            "job "
                + member.request.jobId()
                + " ended "
                + (report == null
                    ? "without a report (" + member.endedWithout + ")"
                    : report.outcome() + ": " + report.message())
                + "; the whole wave aborts");
      }
    }
    if (budgetPassed()) {
      throw new WaveStop(
          ReasonCode.FREEZE_BUDGET,
          "the wave's freeze budget of "
              + request.maxFreeze()
              + " (from the first freeze) ran out before every job was ready to stop");
    }
  }

  private void startBudget() {
    freezeDeadline = now().plus(request.maxFreeze());
    budgetScope =
        Workflow.newCancellationScope(() -> budgetTimer = Workflow.newTimer(request.maxFreeze()));
    budgetScope.run();
    recordInTimeline("freezing every source; the wave's freeze budget ends " + freezeDeadline);
  }

  private boolean budgetPassed() {
    return !pointOfNoReturn
        && budgetTimer != null
        && budgetTimer.isCompleted()
        && budgetTimer.getFailure() == null;
  }

  // ---------------------------------------------------------------- gates

  private void requireGate(Gate gate) {
    enterPhase(gate == Gate.FREEZE ? Phase.GATE_FREEZE : Phase.GATE_STOP);
    ApprovalPolicy policy = request.approval();
    if (!policy.waitsForPerson(gate)) {
      decide(policy.byPolicy(gate, now()));
      return;
    }
    Instant deadline = now().plus(policy.deadlineFor(gate));
    // While frozen, the budget's one timer bounds the gate: no second timer races it.
    boolean budgetBounds = freezeDeadline != null && !freezeDeadline.isAfter(deadline);
    if (budgetBounds) {
      deadline = freezeDeadline;
    }
    pendingGate = gate;
    pendingGateDeadline = deadline;
    recordInTimeline(
        "waiting for approval of the wave's " + gate.cliName() + " gate until " + deadline);
    publish();
    sendNotification(
        NotificationKind.GATE_WAITING,
        gate.cliName(),
        "Wave "
            + request.waveId()
            + " ("
            + members.size()
            + " jobs) waits for approval of the "
            + gate.cliName()
            + " gate until "
            + deadline,
        WaveCommands.approve(request.waveId(), gate),
        deadline);
    Duration left = Duration.between(now(), deadline);
    Promise<?>[] timer = new Promise<?>[1];
    CancellationScope timerScope =
        Workflow.newCancellationScope(
            () ->
                timer[0] =
                    budgetBounds
                        ? Workflow.newPromise()
                        : Workflow.newTimer(left.isNegative() ? Duration.ZERO : left));
    timerScope.run();
    Workflow.await(() -> decisionOn(gate) != null || timer[0].isCompleted() || interrupted());
    if (!timer[0].isCompleted()) {
      timerScope.cancel();
    }
    pendingGate = null;
    pendingGateDeadline = null;
    publish();
    throwIfInterrupted();
    GateDecision decision = decisionOn(gate);
    if (decision == null) {
      decide(new GateDecision(gate, GateVerdict.EXPIRED, "deadline", now(), ""));
      throw new WaveStop(
          ReasonCode.GATE_EXPIRED,
          "the wave's " + gate.cliName() + " gate was not decided by " + deadline);
    }
    if (decision.verdict() == GateVerdict.REJECTED) {
      throw new WaveStop(
          ReasonCode.GATE_REJECTED,
          "the wave's "
              + gate.cliName()
              + " gate was rejected by "
              + decision.by()
              + (decision.comment() == null || decision.comment().isBlank()
                  ? ""
                  : ": " + decision.comment()));
    }
  }

  private GateDecision decisionOn(Gate gate) {
    return decisions.stream().filter(d -> d.gate() == gate).findFirst().orElse(null);
  }

  private void decide(GateDecision decision) {
    if (decisionOn(decision.gate()) == null) {
      decisions.add(decision);
    }
    recordInTimeline(
        "the wave's "
            + decision.gate().cliName()
            + " gate: "
            + decision.verdict()
            + " by "
            + decision.by());
  }

  // ---------------------------------------------------------------- the point of no return

  private void crossPointOfNoReturn() {
    pointOfNoReturn = true;
    if (budgetScope != null) {
      budgetScope.cancel("the wave's point of no return was crossed");
    }
    recordInTimeline("point of no return: every job is ready; the wave orders every stop");
    publish();
  }

  /**
   * After the order: waits for every job's run to end. A job whose stop did not take effect (DTS
   * refused it, the job was no longer caught up) is cut over again, its gates answered by the wave
   * at once; no stopped job is touched. If no job at all was stopped and none may have been, the
   * wave ends ABORTED: every source was restored by its own cutover.
   */
  private void rollForward() {
    while (true) {
      awaitEndedAnswering();
      collectReports();
      List<Member> notStopped = members.stream().filter(m -> !m.stopped()).toList();
      if (notStopped.isEmpty()) {
        end(
            Outcome.COMPLETED,
            ReasonCode.CAUGHT_UP_AND_STOPPED,
            "every job caught up with writes frozen and was stopped: " + jobList(members));
        return;
      }
      boolean anyStopped = members.stream().anyMatch(Member::stopped);
      boolean anyMayHave =
          notStopped.stream()
              .anyMatch(m -> m.report == null || m.report.outcome() != Outcome.ABORTED);
      if (!anyStopped && !anyMayHave) {
        end(
            Outcome.ABORTED,
            notStopped.get(0).report.reason(),
            "no job's stop took effect ("
                + notStopped.get(0).report.message()
                + "); every job aborted and restored its source; no task was stopped");
        return;
      }
      List<Member> again =
          notStopped.stream().filter(m -> m.runs < MAX_RUNS_AFTER_THE_ORDER).toList();
      if (again.isEmpty()) {
        end(
            Outcome.FAILED,
            ReasonCode.STOP_REFUSED,
            "stopped: "
                + jobList(members.stream().filter(Member::stopped).toList())
                + "; NOT stopped after "
                + MAX_RUNS_AFTER_THE_ORDER
                + " runs each: "
                + notStopped.stream()
                    .map(m -> m.request.jobId() + " (" + describeEnd(m) + ")")
                    .collect(Collectors.joining("; "))
                + ". The stopped jobs' sources stay frozen; cut the others over on their own"
                + " (cutover start --job-id ...)");
        return;
      }
      recordInTimeline(
          "rolling forward: "
              + again.stream()
                  .map(m -> m.request.jobId() + " (" + describeEnd(m) + ")")
                  .collect(Collectors.joining("; "))
              + " will be cut over again in "
              + ROLL_FORWARD_PAUSE);
      publish();
      Workflow.sleep(ROLL_FORWARD_PAUSE);
      for (Member member : again) {
        start(member);
      }
      for (Member member : again) {
        awaitStarted(member);
        if (member.runId == null) {
          // Someone else's cutover of the job is live: the wave cannot stop it a second time.
          member.result = Workflow.newPromise(null);
        }
      }
    }
  }

  /** Waits until every job's run ended, answering the gates of jobs cut over again meanwhile. */
  private void awaitEndedAnswering() {
    while (true) {
      Workflow.await(() -> allEnded() || members.stream().anyMatch(this::awaitsAnswer));
      if (allEnded()) {
        return;
      }
      List<Promise<Void>> sent = new ArrayList<>();
      for (Member member : members) {
        if (awaitsAnswer(member)) {
          sent.add(answer(member, lastReport(member).point()));
        }
      }
      awaitSent(sent);
    }
  }

  private boolean awaitsAnswer(Member member) {
    WaveMemberReport last = lastReport(member);
    return !member.ended() && last != null && !member.answered.contains(last.point());
  }

  // ---------------------------------------------------------------- aborting

  /**
   * Before the point of no return: every job still running is aborted (it restores its own source)
   * and the wave waits until all of them have ended, so its report says how each ended.
   */
  private void abortAll(ReasonCode code, String why) {
    enterPhase(Phase.COMPENSATING);
    recordInTimeline("aborting every job: " + why);
    List<Promise<Void>> sent = new ArrayList<>();
    AbortAction abort = new AbortAction(request.workflowId(), why);
    for (Member member : members) {
      if (member.result != null && member.runId != null && !member.ended()) {
        CutoverWorkflow cutover = member.cutover;
        sent.add(Async.procedure(() -> cutover.abortSignal(abort)));
      }
    }
    awaitSent(sent);
    Workflow.await(
        () -> members.stream().allMatch(m -> m.result == null || m.runId == null || m.ended()));
    collectReports();
    List<Member> stopped = members.stream().filter(Member::stopped).toList();
    List<Member> frozen =
        members.stream().filter(m -> m.report != null && m.report.sourceFrozen()).toList();
    String aftermath =
        stopped.isEmpty()
            ? frozen.isEmpty()
                ? "; every source was restored and no task was stopped"
                : "; no task was stopped; STILL FROZEN: " + jobList(frozen)
            : "; stopped: " + jobList(stopped);
    end(stopped.isEmpty() ? Outcome.ABORTED : Outcome.FAILED, code, why + aftermath);
  }

  // ---------------------------------------------------------------- recording

  private void end(Outcome ending, ReasonCode code, String why) {
    outcome = ending;
    reason = code;
    message = why;
    endedAt = now();
    enterPhase(Phase.valueOf(ending.name()));
    recordInTimeline(ending + ": " + why);
    if (ending != Outcome.DRY_RUN) {
      sendNotification(
          NotificationKind.valueOf(ending.name()),
          null,
          "Wave " + request.waveId() + " " + ending + ": " + why,
          null,
          null);
    }
    log.info("wave {} ended {}: {}", request.waveId(), ending, why);
  }

  private String dryRunProblems() {
    List<Member> refused =
        members.stream()
            .filter(m -> m.report == null || m.report.outcome() != Outcome.DRY_RUN)
            .toList();
    return refused.isEmpty()
        ? ""
        : "; these jobs would not pass: "
            + refused.stream()
                .map(m -> m.request.jobId() + " (" + describeEnd(m) + ")")
                .collect(Collectors.joining("; "));
  }

  private static String describeEnd(Member member) {
    if (member.report == null) {
      return member.endedWithout == null ? "no report" : member.endedWithout;
    }
    return member.report.outcome() + " " + member.report.reason() + ": " + member.report.message();
  }

  private static String jobList(List<Member> list) {
    return list.stream().map(m -> m.request.jobId()).collect(Collectors.joining(", "));
  }

  private void enterPhase(Phase next) {
    if (phase != next) {
      phase = next;
      recordInTimeline("phase " + next);
    }
    publish();
  }

  /** Adds {@code text} to the wave's timeline only (status, report, Web UI). */
  private void recordInTimeline(String text) {
    timeline.add(new TimelineEntry(now(), phase, text));
  }

  /**
   * Shows the wave: its details in the Web UI always; its search attributes only when a gate starts
   * or stops waiting and at the end (five upserts in a gated wave), with the phase of that moment.
   */
  private void publish() {
    String gate = pendingGate == null ? null : pendingGate.cliName();
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    boolean moment = !Objects.equals(publishedGate, gate) || phase.isTerminal();
    if (moment && !Objects.equals(publishedPhase, phase.name())) {
      updates.add(CutoverSearchAttributes.PHASE.valueSet(phase.name()));
      publishedPhase = phase.name();
    }
    if (!Objects.equals(publishedGate, gate)) {
      updates.add(
          gate == null
              ? CutoverSearchAttributes.PENDING_GATE.valueUnset()
              : CutoverSearchAttributes.PENDING_GATE.valueSet(gate));
      publishedGate = gate;
    }
    if (!updates.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(updates.toArray(SearchAttributeUpdate<?>[]::new));
    }
    Workflow.setCurrentDetails(WaveMarkdown.status(status()));
  }

  /** Sends one notification for the whole wave without waiting; a failed one is only logged. */
  private void sendNotification(
      NotificationKind kind, String gate, String text, String command, Instant deadline) {
    CutoverNotification notification =
        new CutoverNotification(
            kind,
            request.workflowId(),
            members.size() + " jobs",
            null,
            phase.name(),
            gate,
            text,
            command,
            deadline,
            now());
    NotificationActivities notifications = NotificationStubs.bestEffort("Notify: wave " + kind);
    lastNotification = NotificationStubs.sendBestEffort(notifications, notification, log);
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  private static String nullToDefault(String text) {
    return text == null || text.isBlank() ? "no reason given" : text;
  }

  // ---------------------------------------------------------------- query, updates, signal

  @Override
  public WaveReport status() {
    List<WaveJobStatus> jobs = new ArrayList<>();
    for (Member member : members) {
      jobs.add(row(member));
    }
    return new WaveReport(
        request.waveId(),
        request.workflowId(),
        request.requestedBy(),
        phase,
        pendingGate,
        pendingGateDeadline,
        pointOfNoReturn ? null : freezeDeadline,
        pointOfNoReturn,
        outcome,
        reason,
        message,
        startedAt,
        endedAt,
        jobs,
        List.copyOf(decisions),
        List.copyOf(timeline));
  }

  private WaveJobStatus row(Member member) {
    CutoverRequest job = member.request;
    WaveMemberReport last = lastReport(member);
    CutoverReport report = member.report;
    JobSnapshot reading =
        report != null ? report.lastSnapshot() : last == null ? null : last.lastReading();
    Phase jobPhase =
        report != null
            ? Phase.valueOf(report.outcome().name())
            : last == null ? null : last.phase();
    return new WaveJobStatus(
        job.workflowId(),
        job.regionId(),
        job.jobId(),
        job.freezeStrategy().cliName()
            + (job.freezeTarget() == null ? "" : " " + job.freezeTarget()),
        member.runs,
        jobPhase,
        last == null ? null : last.point(),
        reading == null ? null : reading.delayMillis(),
        report != null ? report.sourceFrozen() : last != null && last.frozen(),
        reading == null ? null : reading.observedAt(),
        reading == null ? null : reading.describe(),
        report == null ? null : report.outcome(),
        report == null ? null : report.reason(),
        member.stopped(),
        report == null ? member.endedWithout : report.message(),
        report == null ? List.of() : report.plan());
  }

  @Override
  public void memberReport(WaveMemberReport report) {
    if (report != null && report.runId() != null) {
      reportsByRun.put(report.runId(), report);
    }
  }

  @Override
  public void validateApprove(GateAction action) {
    refuseIf(decisionRefusal(action));
  }

  @Override
  public ActionResult approve(GateAction action) {
    return decide(
        action,
        GateVerdict.APPROVED,
        "approved",
        action.gate() == Gate.FREEZE
            ? "every job freezes its source and waits for zero lag"
            : "every job is read caught up once more, then every task is stopped");
  }

  @Override
  public void validateReject(GateAction action) {
    refuseIf(decisionRefusal(action));
  }

  @Override
  public ActionResult reject(GateAction action) {
    return decide(
        action,
        GateVerdict.REJECTED,
        "rejected",
        "every job aborts: its source is restored and its task left running");
  }

  /** Records a person's {@code verdict} on a wave gate, in the decisions and the timeline. */
  private ActionResult decide(GateAction action, GateVerdict verdict, String done, String next) {
    decisions.add(new GateDecision(action.gate(), verdict, action.by(), now(), action.text()));
    String message =
        "the wave's " + action.gate().cliName() + " gate " + done + " by " + action.by();
    recordInTimeline(message);
    return new ActionResult(message, phase, next);
  }

  @Override
  public void validateAbort(AbortAction action) {
    refuseIf(abortRefusal(action));
  }

  @Override
  public ActionResult abort(AbortAction action) {
    abortRequest = action;
    recordInTimeline("abort requested by " + action.by() + ": " + nullToDefault(action.reason()));
    return new ActionResult(
        "abort accepted",
        phase,
        "every job aborts: its source is restored and its task left running");
  }

  private String decisionRefusal(GateAction action) {
    if (action == null || action.gate() == null) {
      return "name a gate: freeze or stop";
    }
    if (outcome != null) {
      return "the wave has already ended (" + outcome + ")";
    }
    if (pendingGate != action.gate()) {
      return "the wave's "
          + action.gate().cliName()
          + " gate is not waiting for a decision"
          + (pendingGate == null
              ? " (phase " + phase + ")"
              : " (the " + pendingGate.cliName() + " gate is)");
    }
    if (decisionOn(action.gate()) != null) {
      return "the wave's " + action.gate().cliName() + " gate was already decided";
    }
    return request.approval().refusal(action.by(), request.requestedBy());
  }

  private String abortRefusal(AbortAction action) {
    if (action == null || action.by() == null || action.by().isBlank()) {
      return "say who aborts (by)";
    }
    if (outcome != null) {
      return "the wave has already ended (" + outcome + ")";
    }
    if (pointOfNoReturn) {
      return "the wave passed its point of no return (it ordered the stops): it can only roll"
          + " forward";
    }
    if (abortRequest != null) {
      return "an abort by " + abortRequest.by() + " is already under way";
    }
    return null;
  }

  private static void refuseIf(String refusal) {
    if (refusal != null) {
      ApplicationFailure failure =
          ApplicationFailure.newNonRetryableFailure(refusal, CutoverFailures.REFUSED);
      failure.setStackTrace(new StackTraceElement[0]);
      throw failure;
    }
  }

  /** Ends the wave's runbook before its point of no return. */
  private static final class WaveStop extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ReasonCode code;

    WaveStop(ReasonCode code, String reason) {
      super(reason, null, false, false);
      this.code = code;
    }
  }
}
