package io.dtscutover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.FaultKind;
import io.dtscutover.simulator.FaultSpec;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.simulator.SimCall;
import io.dtscutover.worker.freeze.MariaDbServer;
import io.dtscutover.worker.freeze.MySqlState;
import io.dtscutover.workflow.AbortAction;
import io.dtscutover.workflow.ActionResult;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverSearchAttributes;
import io.dtscutover.workflow.CutoverStatus;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.CutoverWorkflowOptions;
import io.dtscutover.workflow.GateAction;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.Phase;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.history.v1.ActivityTaskStartedEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker killed with {@code kill -9} and started again, as a crash or a deploy does it, on the
 * embedded Temporal server ({@code cutover server} + {@code cutover worker}): the server runs in
 * this JVM, the worker in another process. Five cutovers are caught in five phases at the moment of
 * the kill, and each must end as if nothing happened: completed with exactly one effective {@code
 * StopDtsJob}, or aborted with the source restored and no stop.
 *
 * <p>One kill serves all five, so the test costs the longest wait for a dead worker's step once
 * (the stop's start-to-close). The restore heartbeats, so a restore the dead worker held must be
 * retried by the second worker well before its own start-to-close timeout would have retried it.
 */
class WorkerRestartIT {
  private static final String REGION = "cn-hangzhou";
  private static final String TARGET = "restart-db";
  private static final String DB = "shop_restart";
  private static final String APP = "app_restart";
  private static final String APP_PASSWORD = "App-Pa55-restart";
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** The stop's start-to-close timeout (1 min) plus the other steps, with room. */
  private static final Duration RECOVERY = Duration.ofMinutes(3);

  /**
   * From the kill to the restored source: the restore's heartbeat timeout (20 s), the second
   * worker's start and the restore, with room; below the restore's start-to-close timeout (2 min),
   * which without heartbeats is what would bring the restore back.
   */
  private static final Duration RESTORE_AFTER_KILL = Duration.ofSeconds(90);

  private static final String LAG_WAIT = "dtsrlag";
  private static final String GATE = "dtsrgate";
  private static final String QUIET = "dtsrquiet";
  private static final String STOP = "dtsrstop";
  private static final String RESTORE = "dtsrrestore";

  private TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private DtsSimulator simulator;
  private WorkerProcess worker;
  private Map<String, String> workerEnv;

  @BeforeEach
  void startServerSimulatorAndSource() throws Exception {
    int port = freePort();
    server = TestServer.createPortBoundServer(port);
    registerSearchAttributes("127.0.0.1:" + port);
    stubs =
        WorkflowServiceStubs.newConnectedServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build(),
            Duration.ofSeconds(10));
    client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    Scenario scenario =
        Scenario.of(
            "restart-key",
            "restart-secret",
            // Lag that only drains once the source is no longer written.
            JobSpec.incremental(LAG_WAIT, REGION).withLag(5_000, 0, 2_000).withStopDelayMillis(300),
            JobSpec.incremental(GATE, REGION).withLag(300, 0, 2_000).withStopDelayMillis(300),
            JobSpec.incremental(QUIET, REGION).withLag(300, 0, 2_000).withStopDelayMillis(300),
            JobSpec.incremental(STOP, REGION).withLag(300, 0, 2_000).withStopDelayMillis(300),
            JobSpec.incremental(RESTORE, REGION).withLag(0, 0, 2_000).withWriting(false));
    simulator = DtsSimulator.start(scenario, 0);

    MariaDbServer.shared()
        .exec(
            "CREATE DATABASE IF NOT EXISTS " + DB,
            "CREATE TABLE IF NOT EXISTS " + DB + ".orders (id INT PRIMARY KEY) ENGINE=InnoDB",
            "CREATE USER IF NOT EXISTS '" + APP + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "'",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON " + DB + ".* TO '" + APP + "'@'%'");

    workerEnv = new HashMap<>();
    workerEnv.put("TEMPORAL_ADDRESS", "127.0.0.1:" + port);
    workerEnv.put("DTS_ENDPOINT", simulator.baseUrl());
    workerEnv.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "restart-key");
    workerEnv.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "restart-secret");
    workerEnv.put("ALIBABA_CLOUD_SECURITY_TOKEN", "");
    workerEnv.put("CUTOVER_METRICS_PORT", "off");
    String prefix = "CUTOVER_TARGET_RESTART_DB_";
    workerEnv.put(prefix + "JDBC_URL", MariaDbServer.shared().url(DB));
    workerEnv.put(prefix + "USER", MariaDbServer.ADMIN);
    workerEnv.put(prefix + "PASSWORD", MariaDbServer.ADMIN_PASSWORD);
    workerEnv.put(prefix + "APP_ACCOUNTS", APP);
    workerEnv.put(prefix + "PROBE_USER", APP);
    workerEnv.put(prefix + "PROBE_PASSWORD", APP_PASSWORD);
  }

  @AfterEach
  void stopEverything() throws Exception {
    if (worker != null) {
      worker.close();
    }
    if (simulator != null) {
      simulator.close();
    }
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyCutoverEndsAsIfNothingHappenedAfterTheWorkerIsKilledAndRestarted() throws Exception {
    String sourceBefore = MySqlState.of(MariaDbServer.shared(), List.of(APP));
    worker = WorkerProcess.start(workerEnv, "first", PATIENCE);
    Map<String, CutoverWorkflow> cutovers = new LinkedHashMap<>();

    cutovers.put(
        LAG_WAIT, start(simRequest(LAG_WAIT).maxLagBeforeFreeze(Duration.ofSeconds(1)).build()));
    cutovers.put(GATE, start(simRequest(GATE).approval(gates(Gate.FREEZE)).build()));
    cutovers.put(QUIET, start(simRequest(QUIET).quietWindow(Duration.ofSeconds(30)).build()));
    cutovers.put(
        RESTORE,
        start(
            request(RESTORE)
                .freeze(FreezeStrategy.MYSQL_REVOKE, TARGET)
                .approval(gates(Gate.STOP))
                .build()));

    await("the lag wait runs", () -> running(LAG_WAIT, "AwaitCondition", Phase.WAIT_FOR_LOW_LAG));
    await("the freeze gate waits", () -> status(GATE).pendingGate() == Gate.FREEZE);
    await("the quiet window runs", () -> running(QUIET, "AwaitCondition", Phase.WAIT_FOR_ZERO_LAG));
    await("the stop gate waits", () -> status(RESTORE).pendingGate() == Gate.STOP);
    assertFalse(sourceBefore.equals(MySqlState.of(MariaDbServer.shared(), List.of(APP))));

    // A global read lock holds the restore's GRANTs, so the worker dies in the middle of it.
    try (Connection lock = MariaDbServer.shared().admin();
        Statement statement = lock.createStatement()) {
      statement.execute("FLUSH TABLES WITH READ LOCK");
      cutovers.get(RESTORE).abort(new AbortAction("bob", "restart drill"));
      await("the restore runs", () -> activityStarted(RESTORE, "Unfreeze"));

      // The stop is slowed by DTS; the worker dies while it waits for the answer.
      simulator.addFault(
          new FaultSpec(FaultKind.SLOW, "StopDtsJob", STOP, 1, null, null, null, 5_000L));
      cutovers.put(STOP, start(simRequest(STOP).build()));
      await("StopDtsJob runs", () -> activityStarted(STOP, "StopJob"));

      worker.kill();
      statement.execute("UNLOCK TABLES");
    }
    Instant killed = Instant.now();
    simulator.setWriting(LAG_WAIT, false);
    worker = WorkerProcess.start(workerEnv, "second", PATIENCE);
    // On a server that still routed the cutover to the dead worker, this would wait forever.
    CompletableFuture<ActionResult> approval =
        CompletableFuture.supplyAsync(
            () ->
                cutovers.get(GATE).approve(GateAction.of(Gate.FREEZE, "bob", "after the restart")));

    // The restore first: it must not wait for the dead worker's attempt to time out.
    CutoverReport restored = restoredAfterKill(cutovers.get(RESTORE), killed);
    assertEquals(Outcome.ABORTED, restored.outcome(), restored.message());
    assertFalse(restored.sourceFrozen());
    assertEquals(
        2, unfreezeAttempt(RESTORE), "the second worker retried the dead worker's restore");

    for (String job : List.of(LAG_WAIT, GATE, QUIET, STOP)) {
      CutoverReport report = result(cutovers.get(job));
      assertEquals(Outcome.COMPLETED, report.outcome(), job + ": " + report.reason());
      assertEquals(1, acceptedStops(job), job + ": " + simulator.calls("StopDtsJob"));
      assertEquals("Finished", simulator.status(job), job);
    }
    approval.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertEquals(0, acceptedStops(RESTORE));
    assertEquals(sourceBefore, MySqlState.of(MariaDbServer.shared(), List.of(APP)));
  }

  private CutoverRequest.Builder request(String job) {
    return CutoverRequest.builder(job, REGION)
        .quietWindow(Duration.ofSeconds(1))
        .pollInterval(Duration.ofMillis(200))
        .approval(ApprovalPolicy.noApprovals())
        .requestedBy("alice");
  }

  private CutoverRequest.Builder simRequest(String job) {
    return request(job).freeze(FreezeStrategy.SIM, null);
  }

  private static ApprovalPolicy gates(Gate gate) {
    return new ApprovalPolicy(
        EnumSet.of(gate),
        List.of(),
        false,
        ApprovalPolicy.DEFAULT_GATE_DEADLINE,
        Map.of(),
        Set.of());
  }

  private CutoverWorkflow start(CutoverRequest request) {
    CutoverWorkflow cutover =
        client.newWorkflowStub(
            CutoverWorkflow.class,
            CutoverWorkflowOptions.forRequest(request, "dts-cutover").build());
    WorkflowClient.start(cutover::run, request);
    return cutover;
  }

  private CutoverStatus status(String job) {
    return client
        .newWorkflowStub(CutoverWorkflow.class, request(job).build().workflowId())
        .status();
  }

  private CutoverReport result(CutoverWorkflow cutover) throws Exception {
    return WorkflowStub.fromTyped(cutover)
        .getResult(RECOVERY.toSeconds(), TimeUnit.SECONDS, CutoverReport.class);
  }

  /** The report of the aborted cutover, which must end within RESTORE_AFTER_KILL of the kill. */
  private CutoverReport restoredAfterKill(CutoverWorkflow cutover, Instant killed)
      throws Exception {
    Duration left = Duration.between(Instant.now(), killed.plus(RESTORE_AFTER_KILL));
    try {
      return WorkflowStub.fromTyped(cutover)
          .getResult(Math.max(left.toMillis(), 0), TimeUnit.MILLISECONDS, CutoverReport.class);
    } catch (TimeoutException e) {
      return fail(
          "the dead worker's restore was not retried within "
              + RESTORE_AFTER_KILL
              + " of the kill: does the restore still heartbeat?");
    }
  }

  /** The attempt of the {@code Unfreeze} that completed in the cutover of {@code job}. */
  private int unfreezeAttempt(String job) {
    List<HistoryEvent> events =
        client.fetchHistory(request(job).build().workflowId()).getHistory().getEventsList();
    Set<Long> unfreezes =
        events.stream()
            .filter(HistoryEvent::hasActivityTaskScheduledEventAttributes)
            .filter(
                event ->
                    event
                        .getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName()
                        .equals("Unfreeze"))
            .map(HistoryEvent::getEventId)
            .collect(Collectors.toSet());
    return events.stream()
        .filter(HistoryEvent::hasActivityTaskStartedEventAttributes)
        .map(HistoryEvent::getActivityTaskStartedEventAttributes)
        .filter(started -> unfreezes.contains(started.getScheduledEventId()))
        .mapToInt(ActivityTaskStartedEventAttributes::getAttempt)
        .max()
        .orElse(0);
  }

  /** True once the cutover of {@code job} is in {@code phase} with {@code activity} running. */
  private boolean running(String job, String activity, Phase phase) {
    return status(job).phase() == phase && activityStarted(job, activity);
  }

  private boolean activityStarted(String job, String activityType) {
    List<PendingActivityInfo> pending =
        stubs
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace("default")
                    .setExecution(
                        WorkflowExecution.newBuilder()
                            .setWorkflowId(request(job).build().workflowId()))
                    .build())
            .getPendingActivitiesList();
    return pending.stream()
        .anyMatch(
            activity ->
                activity.getActivityType().getName().equals(activityType)
                    && activity.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
  }

  /** StopDtsJob calls DTS accepted for {@code job}: a stop that took effect answers OK. */
  private long acceptedStops(String job) {
    return simulator.calls("StopDtsJob").stream()
        .filter(call -> job.equals(call.jobId()))
        .filter(SimCall::ok)
        .count();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        fail(what + ": not within " + PATIENCE);
      }
      Thread.sleep(100);
    }
  }

  static void registerSearchAttributes(String address) {
    AddSearchAttributesRequest.Builder request =
        AddSearchAttributesRequest.newBuilder().setNamespace("default");
    for (SearchAttributeKey<String> key : CutoverSearchAttributes.ALL) {
      request.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(address)
                .validateAndBuildWithDefaults());
    try {
      operator.blockingStub().addSearchAttributes(request.build());
    } finally {
      operator.shutdownNow();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
