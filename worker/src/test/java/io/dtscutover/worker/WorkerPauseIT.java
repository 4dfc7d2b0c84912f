package io.dtscutover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.simulator.SimCall;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.CutoverWorkflowOptions;
import io.dtscutover.workflow.Outcome;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker paused with {@code kill -STOP} for a minute in the middle of the quiet window, then
 * continued: the cutover completes with one stop, sent only after a full quiet window watched after
 * the pause (the minute nobody watched is not quiet time).
 */
class WorkerPauseIT {
  private static final String REGION = "cn-hangzhou";
  private static final String JOB = "dtspause01";
  private static final Duration QUIET = Duration.ofSeconds(5);
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private TestServer.PortBoundTestServer server;
  private WorkflowServiceStubs stubs;
  private DtsSimulator simulator;
  private WorkerProcess worker;

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
  void aWorkerPausedForAMinuteInTheQuietWindowStopsOnlyAfterAFullWindowWatchedAfterwards()
      throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = TestServer.createPortBoundServer(port);
    WorkerRestartIT.registerSearchAttributes("127.0.0.1:" + port);
    stubs =
        WorkflowServiceStubs.newConnectedServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build(),
            Duration.ofSeconds(10));
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    simulator =
        DtsSimulator.start(
            Scenario.of(
                "pause-key",
                "pause-secret",
                JobSpec.incremental(JOB, REGION).withLag(0, 0, 0).withStopDelayMillis(300)),
            0);
    worker =
        WorkerProcess.start(
            Map.of(
                "TEMPORAL_ADDRESS", "127.0.0.1:" + port,
                "DTS_ENDPOINT", simulator.baseUrl(),
                "ALIBABA_CLOUD_ACCESS_KEY_ID", "pause-key",
                "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "pause-secret",
                "ALIBABA_CLOUD_SECURITY_TOKEN", "",
                "CUTOVER_METRICS_PORT", "off"),
            "paused",
            PATIENCE);
    CutoverRequest request =
        CutoverRequest.builder(JOB, REGION)
            .freeze(FreezeStrategy.SIM, null)
            .quietWindow(QUIET)
            .pollInterval(Duration.ofMillis(200))
            .maxFreeze(Duration.ofMinutes(5))
            .catchUpTimeout(Duration.ofMinutes(5))
            .approval(ApprovalPolicy.noApprovals())
            .requestedBy("alice")
            .build();
    CutoverWorkflow cutover =
        client.newWorkflowStub(
            CutoverWorkflow.class,
            CutoverWorkflowOptions.forRequest(request, "dts-cutover").build());
    WorkflowClient.start(cutover::run, request);

    // The hold runs: zero lag seen a few times with writes frozen (the wait reads pages of
    // DescribeDtsJobs, the checks around it DescribeDtsJobDetail).
    await("the quiet window runs", () -> describesSinceFreeze() >= 3);
    worker.pause();
    Thread.sleep(60_000); // the pause's length is the scenario, not a wait for something
    worker.resume();
    Instant resumed = Instant.now();
    CutoverReport report =
        WorkflowStub.fromTyped(cutover).getResult(3, TimeUnit.MINUTES, CutoverReport.class);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    List<SimCall> stops = simulator.calls("StopDtsJob");
    assertEquals(1, stops.size(), "one stop: " + stops);
    assertTrue(stops.get(0).ok(), stops.toString());
    assertFalse(
        stops.get(0).at().isBefore(resumed.plus(QUIET)),
        "stop at " + stops.get(0).at() + ", before a full quiet window after " + resumed);
  }

  private long describesSinceFreeze() {
    List<String> actions = simulator.calls().stream().map(SimCall::action).toList();
    int frozen = actions.lastIndexOf("/_sim/jobs/" + JOB + "/writes");
    return frozen < 0
        ? 0
        : actions.subList(frozen, actions.size()).stream()
            .filter(
                action -> action.equals("DescribeDtsJobs") || action.equals("DescribeDtsJobDetail"))
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
}
