package io.dtscutover.worker.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.guard.FreezeGuardActivitiesImpl;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationActivities;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.wave.WaveReport;
import io.dtscutover.wave.WaveRequest;
import io.dtscutover.wave.WaveWorkflow;
import io.dtscutover.wave.WaveWorkflowOptions;
import io.dtscutover.worker.dts.AlibabaDtsClient;
import io.dtscutover.worker.dts.DtsActivitiesImpl;
import io.dtscutover.worker.dts.DtsSettings;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverTestEnvironment;
import io.dtscutover.workflow.GateAction;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.ReasonCode;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A wave end to end: the real workflows on the Temporal test server in real time, the real Alibaba
 * SDK against the DTS simulator for three jobs, and real freezes for two of them (MariaDB with
 * {@code mysql-read-only}, PostgreSQL with {@code pg-read-only}; the third uses {@code sim}).
 */
class WaveWithRealFreezeIT {
  private static final String TASK_QUEUE = "wave-e2e";
  private static final String REGION = "cn-hangzhou";
  private static final String KEY = "wave-e2e-key";
  private static final String SECRET = "wave-e2e-secret-0123456789";
  private static final String MYSQL_TARGET = "orders-mysql";
  private static final String PG_TARGET = "orders-pg";

  private final MySqlReadOnlyFreezeIT mysql = new MySqlReadOnlyFreezeIT();
  private final PgReadOnlyFreezeIT pg = new PgReadOnlyFreezeIT();
  private final List<CutoverNotification> notifications = new CopyOnWriteArrayList<>();
  private DtsSimulator simulator;
  private TestWorkflowEnvironment temporal;

  @BeforeEach
  void createSources() throws Exception {
    MySqlReadOnlyFreezeIT.createShop();
    PgReadOnlyFreezeIT.createShop();
  }

  @AfterEach
  void stop() {
    if (temporal != null) {
      temporal.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  private WorkflowClient start(JobSpec... jobs) {
    simulator = DtsSimulator.start(Scenario.of(KEY, SECRET, jobs), 0);
    Map<String, String> env = new HashMap<>();
    env.put(DtsSettings.ACCESS_KEY_ID, KEY);
    env.put(DtsSettings.ACCESS_KEY_SECRET, SECRET);
    env.put(DtsSettings.ENDPOINT, simulator.baseUrl());
    Map<String, String> freezes = new HashMap<>();
    freezes.put(DtsSettings.ENDPOINT, simulator.baseUrl());
    mysql
        .targetSettings()
        .forEach((k, v) -> freezes.put(FreezeTargets.variable(MYSQL_TARGET, k), v));
    pg.targetSettings().forEach((k, v) -> freezes.put(FreezeTargets.variable(PG_TARGET, k), v));
    temporal =
        TestWorkflowEnvironment.newInstance(
            CutoverTestEnvironment.options(
                    TestEnvironmentOptions.newBuilder().setUseTimeskipping(false))
                .build());
    Worker worker = temporal.newWorker(TASK_QUEUE, CutoverTestEnvironment.workerOptions());
    worker.registerWorkflowImplementationTypes(CutoverTestEnvironment.WORKFLOW_IMPLEMENTATIONS);
    worker.registerActivitiesImplementations(
        new FreezeGuardActivitiesImpl(temporal.getWorkflowClient()),
        new DtsActivitiesImpl(new AlibabaDtsClient(DtsSettings.fromEnvironment(env))),
        WriteFreezeActivitiesImpl.fromEnvironment(freezes),
        (NotificationActivities) notifications::add);
    temporal.start();
    return temporal.getWorkflowClient();
  }

  /**
   * A simulated task; {@code writing} is whether the simulator plays source writes, which only the
   * {@code sim} freeze stops (a job frozen in a real database replicates no simulated writes).
   */
  private static JobSpec job(String id, long lagMillis, long drainPerSecond, boolean writing) {
    return JobSpec.incremental(id, REGION)
        .withLag(lagMillis, 0, drainPerSecond)
        .withWriting(writing)
        .withStopDelayMillis(300);
  }

  private static CutoverRequest request(String job, FreezeStrategy freeze, String target) {
    return CutoverRequest.builder(job, REGION)
        .freeze(freeze, target)
        .pollInterval(Duration.ofMillis(200))
        .quietWindow(Duration.ofSeconds(1))
        .catchUpTimeout(Duration.ofSeconds(8))
        .unfreezeAfterStop(true)
        .requestedBy("alice")
        .build();
  }

  private static WaveRequest wave(String id, ApprovalPolicy approval, String... jobs) {
    return new WaveRequest(
        id,
        List.of(
            request(jobs[0], FreezeStrategy.MYSQL_READ_ONLY, MYSQL_TARGET),
            request(jobs[1], FreezeStrategy.PG_READ_ONLY, PG_TARGET),
            request(jobs[2], FreezeStrategy.SIM, null)),
        approval,
        Duration.ofMinutes(2),
        "alice",
        false);
  }

  private static WaveWorkflow startWave(WorkflowClient client, WaveRequest request) {
    WaveWorkflow wave =
        client.newWorkflowStub(
            WaveWorkflow.class, WaveWorkflowOptions.forRequest(request, TASK_QUEUE).build());
    WorkflowClient.start(wave::run, request);
    return wave;
  }

  @Test
  void threeJobsTwoWithRealDatabaseFreezesCutOverTogether() throws Exception {
    WorkflowClient client =
        start(
            job("dtswavemy", 800, 2000, false),
            job("dtswavepg", 800, 2000, false),
            job("dtswavesim", 800, 2000, true));
    String mysqlBefore = mysql.sourceState();
    String pgBefore = pg.sourceState();
    ApprovalPolicy gates =
        new ApprovalPolicy(
            java.util.Set.of(Gate.FREEZE, Gate.STOP),
            List.of(),
            true,
            Duration.ofMinutes(5),
            Map.of(),
            java.util.Set.of());

    WaveWorkflow wave =
        startWave(client, wave("e2e", gates, "dtswavemy", "dtswavepg", "dtswavesim"));
    await(wave, "the freeze gate", s -> s.pendingGate() == Gate.FREEZE);
    mysql.appWrites();
    pg.appWrites();
    wave.approve(GateAction.of(Gate.FREEZE, "bob", ""));
    await(wave, "the stop gate", s -> s.pendingGate() == Gate.STOP);
    mysql.appCannotWrite();
    pg.appCannotWrite();
    assertFalse(simulator.writing("dtswavesim"));
    assertTrue(simulator.calls("StopDtsJob").isEmpty(), "no stop before the wave's stop gate");
    wave.approve(GateAction.of(Gate.STOP, "carol", ""));
    WaveReport report = WorkflowStub.fromTyped(wave).getResult(WaveReport.class);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(List.of("dtswavemy", "dtswavepg", "dtswavesim"), report.stoppedJobs());
    for (String job : List.of("dtswavemy", "dtswavepg", "dtswavesim")) {
      assertEquals("Finished", simulator.status(job));
    }
    assertEquals(mysqlBefore, mysql.sourceState(), "unfrozen after the stop, as requested");
    assertEquals(pgBefore, pg.sourceState(), "unfrozen after the stop, as requested");
    assertEquals(
        3, notifications.size(), "two gates and the end, one notification each: " + notifications);
  }

  @Test
  void aJobThatCannotCatchUpRestoresBothDatabasesAndStopsNoTask() throws Exception {
    WorkflowClient client =
        start(
            job("dtsstuckmy", 800, 2000, false),
            job("dtsstuckpg", 800, 2000, false),
            job("dtsstucksim", 3000, 0, true));
    String mysqlBefore = mysql.sourceState();
    String pgBefore = pg.sourceState();

    WaveWorkflow wave =
        startWave(
            client,
            wave(
                "e2e-stuck",
                ApprovalPolicy.noApprovals(),
                "dtsstuckmy",
                "dtsstuckpg",
                "dtsstucksim"));
    WaveReport report = WorkflowStub.fromTyped(wave).getResult(WaveReport.class);

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.CATCH_UP_TIMEOUT, report.reason(), report.message());
    assertEquals(mysqlBefore, mysql.sourceState(), "the MariaDB source is restored exactly");
    assertEquals(pgBefore, pg.sourceState(), "the PostgreSQL source is restored exactly");
    mysql.appWrites();
    pg.appWrites();
    assertTrue(simulator.writing("dtsstucksim"));
    assertTrue(simulator.calls("StopDtsJob").isEmpty());
    for (String job : List.of("dtsstuckmy", "dtsstuckpg", "dtsstucksim")) {
      assertEquals("Migrating", simulator.status(job), job + " keeps running");
    }
    assertTrue(
        report.jobs().stream().limit(2).allMatch(j -> j.reason() == ReasonCode.ABORTED_BY_PERSON),
        "the wave aborted the two frozen jobs: " + report.jobs());
  }

  private static WaveReport await(WaveWorkflow wave, String what, Predicate<WaveReport> condition)
      throws InterruptedException {
    long giveUpAt = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    WaveReport status = wave.status();
    while (!condition.test(status)) {
      if (System.nanoTime() > giveUpAt) {
        fail("timed out waiting for " + what + "; last status: " + status);
      }
      Thread.sleep(50);
      status = wave.status();
    }
    return status;
  }
}
