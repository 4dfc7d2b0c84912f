package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.guard.FreezeGuardActivitiesImpl;
import io.dtscutover.notify.NotificationKind;
import io.dtscutover.wave.WaveJobStatus;
import io.dtscutover.wave.WaveReport;
import io.dtscutover.wave.WaveRequest;
import io.dtscutover.wave.WaveWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Waves on the time-skipping test server, with DTS and the sources faked per job. */
class WaveWorkflowTest {
  @RegisterExtension
  final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extensionForRestarts();

  private static final List<String> JOBS = List.of("dtsshard1", "dtsshard2", "dtsshard3");

  private final RecordingNotifications notifications = new RecordingNotifications();

  @Test
  void threeJobsCutOverTogetherWithOneFreezeAndOneStopApproval(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    WaveFakeDts dts = new WaveFakeDts();
    WaveFakeSources sources = new WaveFakeSources();
    CutoverTestEnvironment.registerAndStart(env, worker, dts, sources, notifications);

    WaveWorkflow wave = start(client, worker, wave(approvalAt(Gate.FREEZE, Gate.STOP)));
    awaitWave(wave, "the freeze gate", s -> s.pendingGate() == Gate.FREEZE);
    for (String job : JOBS) {
      assertFalse(sources.frozen(target(job)), "nothing is frozen before the wave's freeze gate");
    }
    CutoverWorkflow member = member(client, JOBS.get(0));
    assertEquals(Gate.FREEZE, member.status().pendingGate(), "each job waits at its own gate");
    SearchAttributes waiting = WorkflowStub.fromTyped(member).describe().getTypedSearchAttributes();
    assertEquals("GATE_FREEZE", waiting.get(CutoverSearchAttributes.PHASE));
    assertNull(
        waiting.get(CutoverSearchAttributes.PENDING_GATE),
        "a job never shows a gate people decide: its wave does");
    assertEquals(
        "freeze",
        WorkflowStub.fromTyped(wave)
            .describe()
            .getTypedSearchAttributes()
            .get(CutoverSearchAttributes.PENDING_GATE));
    WorkflowUpdateException refused =
        assertThrows(
            WorkflowUpdateException.class,
            () -> member.approve(GateAction.of(Gate.FREEZE, "bob", "")),
            "a job of a wave refuses a person's decision: the wave decides");
    assertTrue(rootMessage(refused).contains("--wave-id orders"), rootMessage(refused));
    assertThrows(
        WorkflowUpdateException.class,
        () -> wave.approve(GateAction.of(Gate.FREEZE, "alice", "")),
        "two-person rule: the requester cannot approve the wave");

    wave.approve(GateAction.of(Gate.FREEZE, "bob", "window open"));
    awaitWave(wave, "the stop gate", s -> s.pendingGate() == Gate.STOP);
    for (String job : JOBS) {
      assertTrue(sources.frozen(target(job)), "every source is frozen at the stop gate");
    }
    assertTrue(dts.callsTo("stopJob").isEmpty(), "no stop before the wave's stop gate");
    wave.approve(GateAction.of(Gate.STOP, "carol", ""));
    WaveReport report = result(wave);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(ReasonCode.CAUGHT_UP_AND_STOPPED, report.reason());
    assertEquals(JOBS, report.stoppedJobs());
    for (String job : JOBS) {
      assertTrue(dts.stopped(job));
      assertTrue(sources.frozen(target(job)), "a stopped job's source stays frozen");
      CutoverReport cutover =
          WorkflowStub.fromTyped(member(client, job)).getResult(CutoverReport.class);
      assertEquals(Outcome.COMPLETED, cutover.outcome(), cutover.message());
      assertEquals(
          List.of("wave-orders", "wave-orders"),
          cutover.decisions().stream().map(d -> d.by()).toList());
    }
    assertEquals(
        List.of(Gate.FREEZE, Gate.STOP), report.decisions().stream().map(d -> d.gate()).toList());
    assertEquals(
        List.of(
            NotificationKind.GATE_WAITING,
            NotificationKind.GATE_WAITING,
            NotificationKind.COMPLETED),
        notifications.received.stream().map(n -> n.kind()).toList(),
        "one notification per wave gate and one at the end, not one per job");
    SearchAttributes attributes =
        WorkflowStub.fromTyped(wave).describe().getTypedSearchAttributes();
    assertEquals("orders", attributes.get(CutoverSearchAttributes.WAVE_ID));
    assertEquals("COMPLETED", attributes.get(CutoverSearchAttributes.PHASE));
    SearchAttributes job =
        WorkflowStub.fromTyped(member(client, JOBS.get(1))).describe().getTypedSearchAttributes();
    assertEquals("orders", job.get(CutoverSearchAttributes.WAVE_ID));
    int waveEvents = client.fetchHistory("wave-orders").getHistory().getEventsCount();
    assertTrue(waveEvents < 40 + 35 * JOBS.size(), "the wave's history stays small: " + waveEvents);
    for (String each : JOBS) {
      int events =
          client
              .fetchHistory(CutoverIds.workflowId(Snapshots.REGION, each))
              .getHistory()
              .getEventsCount();
      assertTrue(events < 120, each + "'s history stays small: " + events);
    }
  }

  @Test
  void noJobIsStoppedUntilEveryJobWasReadCaughtUpAgain(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    Hold lastCheck = new Hold();
    WaveFakeDts dts = new WaveFakeDts();
    WaveFakeSources sources = new WaveFakeSources();
    CutoverTestEnvironment.registerAndStart(env, worker, dts, sources, notifications);

    WaveWorkflow wave = start(client, worker, wave(approvalAt(Gate.STOP)));
    awaitWave(wave, "the stop gate", s -> s.pendingGate() == Gate.STOP);
    // The third job's reading before the stop is slow.
    dts.describeHeld(JOBS.get(2), lastCheck);
    wave.approve(GateAction.of(Gate.STOP, "bob", ""));
    lastCheck.awaitEntered();
    awaitMember(
        client,
        JOBS.get(0),
        s -> s.timeline().stream().anyMatch(e -> e.event().startsWith("ready to stop")));
    awaitMember(
        client,
        JOBS.get(1),
        s -> s.timeline().stream().anyMatch(e -> e.event().startsWith("ready to stop")));
    assertTrue(
        dts.callsTo("stopJob").isEmpty(),
        "the jobs read ready wait for the last one: " + dts.callsTo("stopJob"));
    lastCheck.release();

    WaveReport report = result(wave);
    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(3, dts.callsTo("stopJob").size());
  }

  @Test
  void aWorkerRestartedMidWaveCarriesTheWaveToItsEnd(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    WaveFakeDts dts = new WaveFakeDts();
    WaveFakeSources sources = new WaveFakeSources();
    CutoverTestEnvironment.registerAndStart(env, worker, dts, sources, notifications);
    WaveWorkflow wave = start(client, worker, wave(approvalAt(Gate.FREEZE, Gate.STOP)));
    awaitWave(wave, "the freeze gate", s -> s.pendingGate() == Gate.FREEZE);
    wave.approve(GateAction.of(Gate.FREEZE, "bob", ""));
    awaitWave(wave, "the stop gate", s -> s.pendingGate() == Gate.STOP);

    // The worker process dies with every source frozen; a new one, with nothing cached, replays
    // the wave and its jobs from their histories.
    env.getWorkerFactory().shutdownNow();
    env.getWorkerFactory().awaitTermination(10, TimeUnit.SECONDS);
    WorkerFactory restarted = WorkerFactory.newInstance(client);
    Worker fresh =
        restarted.newWorker(
            worker.getTaskQueue(),
            io.temporal.worker.WorkerOptions.newBuilder()
                .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                .build());
    fresh.registerWorkflowImplementationTypes(CutoverTestEnvironment.WORKFLOW_IMPLEMENTATIONS);
    fresh.registerActivitiesImplementations(
        dts, sources, notifications, new FreezeGuardActivitiesImpl(client));
    restarted.start();
    try {
      wave.approve(GateAction.of(Gate.STOP, "carol", ""));
      WaveReport report = result(wave);

      assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
      assertEquals(JOBS, report.stoppedJobs());
      assertEquals(3, dts.callsTo("stopJob").size(), "each task stopped once");
      for (String job : JOBS) {
        assertEquals(1, sources.count("freeze:" + target(job)), "each source frozen once");
        assertTrue(sources.frozen(target(job)));
      }
    } finally {
      restarted.shutdownNow();
    }
  }

  @Test
  void aJobThatNeverCatchesUpAbortsTheWaveAndEverySourceIsRestored(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    WaveFakeDts dts = new WaveFakeDts().neverAtZero(JOBS.get(2));
    WaveFakeSources sources = new WaveFakeSources();
    CutoverTestEnvironment.registerAndStart(env, worker, dts, sources, notifications);

    WaveReport report = result(start(client, worker, wave(ApprovalPolicy.noApprovals())));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.CATCH_UP_TIMEOUT, report.reason(), report.message());
    assertTrue(report.message().contains(JOBS.get(2)), report.message());
    assertTrue(dts.callsTo("stopJob").isEmpty(), "no task is stopped");
    for (String job : JOBS) {
      assertTrue(sources.calls.contains("freeze:" + target(job)), "every source was frozen");
      assertFalse(sources.frozen(target(job)), job + "'s source is restored");
    }
    assertTrue(report.jobs().stream().noneMatch(WaveJobStatus::taskStopped));
    assertTrue(report.jobs().stream().allMatch(j -> j.outcome() == Outcome.ABORTED));
    assertEquals(
        List.of(ReasonCode.ABORTED_BY_PERSON, ReasonCode.ABORTED_BY_PERSON),
        report.jobs().subList(0, 2).stream().map(WaveJobStatus::reason).toList(),
        "the wave aborted the jobs that were caught up, at once");
  }

  @Test
  void theWavesFreezeBudgetCountsFromTheFirstFreezeAndRestoresEverySource(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    WaveFakeDts dts = new WaveFakeDts();
    WaveFakeSources sources = new WaveFakeSources();
    CutoverTestEnvironment.registerAndStart(env, worker, dts, sources, notifications);
    WaveRequest longGate = wave(approvalAt(Gate.STOP));
    WaveRequest request =
        new WaveRequest(
            longGate.waveId(),
            longGate.jobs(),
            longGate.approval(),
            Duration.ofMinutes(10),
            longGate.requestedBy(),
            false);

    // Nobody decides the stop gate, which would wait an hour; each job's own budget is 30m.
    WaveReport report = result(start(client, worker, request));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.FREEZE_BUDGET, report.reason(), report.message());
    for (String job : JOBS) {
      assertFalse(sources.frozen(target(job)));
    }
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void aStopRefusedAfterAnotherTookEffectRollsForwardAndIsReportedTruly(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    WaveFakeDts dts = new WaveFakeDts().refusesStop(JOBS.get(1), 100);
    WaveFakeSources sources = new WaveFakeSources();
    CutoverTestEnvironment.registerAndStart(env, worker, dts, sources, notifications);

    WaveReport report = result(start(client, worker, wave(ApprovalPolicy.noApprovals())));

    assertEquals(Outcome.FAILED, report.outcome(), report.message());
    assertEquals(List.of(JOBS.get(0), JOBS.get(2)), report.stoppedJobs(), report.message());
    assertTrue(report.message().contains("NOT stopped"), report.message());
    assertTrue(report.message().contains(JOBS.get(1)), report.message());
    assertTrue(sources.frozen(target(JOBS.get(0))), "a stopped job's source is never unfrozen");
    assertTrue(sources.frozen(target(JOBS.get(2))), "a stopped job's source is never unfrozen");
    assertEquals(0, sources.count("unfreeze:" + target(JOBS.get(0))));
    assertEquals(0, sources.count("unfreeze:" + target(JOBS.get(2))));
    WaveJobStatus refused = report.jobs().get(1);
    assertFalse(refused.taskStopped());
    assertEquals(3, refused.runs(), "the wave rolled forward: the refused stop was tried again");
    assertEquals(3, dts.callsTo("stopJob").stream().filter(c -> c.endsWith(JOBS.get(1))).count());
    assertFalse(sources.frozen(target(JOBS.get(1))), "the job not stopped restored its own source");
  }

  @Test
  void aStopRefusedOnceIsSentAgainAndTheWaveCompletes(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    WaveFakeDts dts = new WaveFakeDts().refusesStop(JOBS.get(1), 1);
    WaveFakeSources sources = new WaveFakeSources();
    CutoverTestEnvironment.registerAndStart(env, worker, dts, sources, notifications);

    WaveReport report = result(start(client, worker, wave(ApprovalPolicy.noApprovals())));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(JOBS, report.stoppedJobs());
    assertEquals(2, report.jobs().get(1).runs());
    for (String job : JOBS) {
      assertTrue(sources.frozen(target(job)));
    }
  }

  @Test
  void anAbortOfTheWaveRestoresEverySource(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    WaveFakeDts dts = new WaveFakeDts();
    WaveFakeSources sources = new WaveFakeSources();
    CutoverTestEnvironment.registerAndStart(env, worker, dts, sources, notifications);

    WaveWorkflow wave = start(client, worker, wave(approvalAt(Gate.STOP)));
    awaitWave(wave, "the stop gate", s -> s.pendingGate() == Gate.STOP);
    wave.abort(new AbortAction("bob", "the application team is not ready"));
    WaveReport report = result(wave);

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.ABORTED_BY_PERSON, report.reason());
    for (String job : JOBS) {
      assertFalse(sources.frozen(target(job)));
    }
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void aWaveWithAJobAlreadyBeingCutOverChangesNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    WaveFakeDts dts = new WaveFakeDts();
    WaveFakeSources sources = new WaveFakeSources();
    CutoverTestEnvironment.registerAndStart(env, worker, dts, sources, notifications);
    CutoverWorkflow alone =
        CutoverTestEnvironment.start(
            client,
            worker,
            CutoverRequest.builder(JOBS.get(1), Snapshots.REGION)
                .freeze(FreezeStrategy.MYSQL_READ_ONLY, target(JOBS.get(1)))
                .pollInterval(Duration.ofSeconds(1))
                // The time-skipping server fires the earliest timer whenever every workflow
                // waits: a one-hour gate deadline could expire while the wave is being refused.
                .approval(
                    new ApprovalPolicy(
                        Set.of(Gate.FREEZE),
                        List.of(),
                        true,
                        Duration.ofDays(300),
                        Map.of(),
                        Set.of()))
                .catchUpTimeout(Duration.ofDays(300))
                .requestedBy("dave")
                .build());
    CutoverTestEnvironment.awaitGate(alone, Gate.FREEZE);

    WaveWorkflow wave = start(client, worker, wave(ApprovalPolicy.noApprovals()));
    // The wave's end is read by query first: waiting on its result lets the test server skip
    // time, and with nothing else left to run it skips to the deadline of the cutover's gate.
    awaitWave(wave, "the wave's end", s -> s.outcome() != null);
    assertEquals(Gate.FREEZE, alone.status().pendingGate(), "the job's own cutover is untouched");
    WaveReport report = result(wave);

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.ALREADY_RUNNING, report.reason());
    assertTrue(report.message().contains("cutover-cn-hangzhou-" + JOBS.get(1)), report.message());
    assertTrue(sources.calls.stream().noneMatch(c -> c.startsWith("freeze:")));
  }

  // ---------------------------------------------------------------- helpers

  static WaveRequest wave(ApprovalPolicy approval) {
    List<CutoverRequest> jobs =
        IntStream.range(0, JOBS.size())
            .mapToObj(
                i ->
                    CutoverRequest.builder(JOBS.get(i), Snapshots.REGION)
                        .freeze(FreezeStrategy.MYSQL_READ_ONLY, target(JOBS.get(i)))
                        .pollInterval(Duration.ofSeconds(1))
                        .catchUpTimeout(Duration.ofMinutes(10))
                        .requestedBy("alice")
                        .build())
            .toList();
    return new WaveRequest("orders", jobs, approval, Duration.ofMinutes(30), "alice", false);
  }

  static String target(String job) {
    return job + "-db";
  }

  static WaveWorkflow start(WorkflowClient client, Worker worker, WaveRequest request) {
    WaveWorkflow wave =
        client.newWorkflowStub(
            WaveWorkflow.class,
            io.dtscutover.wave.WaveWorkflowOptions.forRequest(request, worker.getTaskQueue())
                .build());
    WorkflowClient.start(wave::run, request);
    return wave;
  }

  static WaveReport result(WaveWorkflow wave) {
    return WorkflowStub.fromTyped(wave).getResult(WaveReport.class);
  }

  static CutoverWorkflow member(WorkflowClient client, String job) {
    return client.newWorkflowStub(
        CutoverWorkflow.class, CutoverIds.workflowId(Snapshots.REGION, job));
  }

  static WaveReport awaitWave(WaveWorkflow wave, String what, Predicate<WaveReport> condition) {
    long giveUpAt = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    WaveReport status = wave.status();
    while (!condition.test(status)) {
      if (System.nanoTime() > giveUpAt) {
        fail("timed out waiting for " + what + "; last status: " + status);
      }
      sleepBriefly();
      status = wave.status();
    }
    return status;
  }

  static void awaitMember(WorkflowClient client, String job, Predicate<CutoverStatus> condition) {
    CutoverTestEnvironment.awaitStatus(member(client, job), job, condition);
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted");
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }
}
