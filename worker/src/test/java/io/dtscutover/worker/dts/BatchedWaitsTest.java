package io.dtscutover.worker.dts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.dts.AwaitProgress;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.FaultSpec;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.simulator.SimCall;
import io.dtscutover.worker.freeze.WriteFreezeActivitiesImpl;
import io.dtscutover.workflow.CutoverDataConverter;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverTestEnvironment;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.Phase;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Waits read in batches ({@link DtsActivitiesImpl#readInBatches}): the real workflow on Temporal's
 * test server, the real activities and Alibaba SDK against the simulator. A waiting cutover holds
 * no activity slot, and its readings come from pages of {@code DescribeDtsJobs}.
 */
class BatchedWaitsTest {
  private static final String REGION = "cn-hangzhou";
  private static final String ACCESS_KEY_ID = "batch-access-key";
  private static final String SECRET = "batch-secret-0123456789";
  private static final String TASK_QUEUE = "dts-cutover-batched";

  private TestWorkflowEnvironment temporal;
  private Worker worker;
  private DtsSimulator simulator;
  private DtsActivitiesImpl dts;

  @AfterEach
  void tearDown() {
    if (dts != null) {
      dts.stopReading();
    }
    if (temporal != null) {
      temporal.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  private static CutoverRequest request(String jobId) {
    return request(jobId, Duration.ofSeconds(1));
  }

  private static CutoverRequest request(String jobId, Duration quietWindow) {
    return CutoverRequest.builder(jobId, REGION)
        .freeze(FreezeStrategy.SIM, null)
        .approval(ApprovalPolicy.noApprovals())
        .pollInterval(Duration.ofMillis(200))
        .quietWindow(quietWindow)
        .maxFreeze(Duration.ofMinutes(2))
        .catchUpTimeout(Duration.ofMinutes(2))
        .waitForIncrementalTimeout(Duration.ofMinutes(10))
        .requestedBy("alice")
        .build();
  }

  /**
   * A worker with ONE activity slot runs a cutover to the end while another cutover waits for a
   * full load that takes ten minutes: the wait is with the reader, not in the slot.
   */
  @Test
  void aWaitingCutoverHoldsNoActivitySlot() throws Exception {
    startWorker(
        Scenario.of(
            ACCESS_KEY_ID,
            SECRET,
            JobSpec.incremental("dtsSlow01", REGION).withFullLoadMillis(600_000),
            JobSpec.incremental("dtsFast01", REGION).withLag(1000, 0, 2000).withWriting(true)));
    WorkflowClient client = temporal.getWorkflowClient();
    CutoverWorkflow slowRun = CutoverTestEnvironment.start(client, worker, request("dtsSlow01"));
    CutoverTestEnvironment.awaitStatus(
        slowRun, "the slow full load", s -> s.phase() == Phase.WAIT_FOR_INCREMENTAL);

    WorkflowStub fastRun =
        WorkflowStub.fromTyped(CutoverTestEnvironment.start(client, worker, request("dtsFast01")));
    CutoverReport report;
    try {
      // Bounded only so that a slot-holding wait fails the test instead of hanging it.
      report = fastRun.getResult(4, TimeUnit.MINUTES, CutoverReport.class);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError(
          "the fast cutover did not end; it is "
              + client
                  .newWorkflowStub(CutoverWorkflow.class, fastRun.getExecution().getWorkflowId())
                  .status()
              + "; DTS calls: "
              + simulator.calls().stream().map(c -> c.action() + ":" + c.jobId()).toList(),
          e);
    }

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    long pages =
        simulator.calls("DescribeDtsJobs").stream().filter(call -> call.jobId() == null).count();
    assertTrue(pages > 0, "the waits were read from pages");
    // Per task: preflight, the lag bound's confirmation, the reading before the stop and the
    // stop's own check; every other reading came from a page.
    long ownReadings =
        simulator.calls("DescribeDtsJobDetail").stream()
            .map(SimCall::jobId)
            .filter("dtsFast01"::equals)
            .count();
    assertTrue(ownReadings <= 4, "own readings of the fast task: " + ownReadings);
  }

  /**
   * The simulator with {@code scenario}, and a worker with ONE activity slot reading in batches, on
   * the shared test server setup ({@link CutoverTestEnvironment}) in real time.
   */
  private void startWorker(Scenario scenario) {
    startWorker(scenario, Map.of());
  }

  /** Like {@link #startWorker(Scenario)}, the worker's environment extended with {@code extra}. */
  private void startWorker(Scenario scenario, Map<String, String> extra) {
    simulator = DtsSimulator.start(scenario, 0);
    Map<String, String> env = new HashMap<>(extra);
    env.put(DtsSettings.ACCESS_KEY_ID, ACCESS_KEY_ID);
    env.put(DtsSettings.ACCESS_KEY_SECRET, SECRET);
    env.put(DtsSettings.ENDPOINT, simulator.baseUrl());
    temporal =
        TestWorkflowEnvironment.newInstance(
            CutoverTestEnvironment.options(
                    TestEnvironmentOptions.newBuilder().setUseTimeskipping(false))
                .build());
    worker =
        temporal.newWorker(
            TASK_QUEUE,
            WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(1).build());
    worker.registerWorkflowImplementationTypes(CutoverTestEnvironment.WORKFLOW_IMPLEMENTATIONS);
    dts =
        new DtsActivitiesImpl(new AlibabaDtsClient(DtsSettings.fromEnvironment(env)))
            .readInBatches(
                temporal.getWorkflowClient().newActivityCompletionClient(), DtsCallObserver.NONE);
    CutoverTestEnvironment.registerAndStart(
        temporal,
        worker,
        dts,
        WriteFreezeActivitiesImpl.fromEnvironment(
            Map.of(DtsSettings.ENDPOINT, simulator.baseUrl())));
  }

  /**
   * A page that fails while the quiet window holds restarts it: time nobody watched is not quiet
   * time, also when the readings come in batches.
   */
  @Test
  void aFailedPageRestartsTheQuietWindow() throws Exception {
    startWorker(
        Scenario.of(
            ACCESS_KEY_ID,
            SECRET,
            JobSpec.incremental("dtsQuiet01", REGION).withLag(0, 0, 1000).withWriting(true)));
    CutoverWorkflow run = startHolding(request("dtsQuiet01", Duration.ofSeconds(6)));
    simulator.addFault(
        FaultSpec.httpError("DescribeDtsJobs", 503, "ServiceUnavailable", "busy", 2));

    CutoverReport report =
        WorkflowStub.fromTyped(run).getResult(4, TimeUnit.MINUTES, CutoverReport.class);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertTrue(report.holdRestarts() >= 1, "holds restarted: " + report.holdRestarts());
  }

  /**
   * A page on which the watched task's {@code Delay} cannot be true (2^61 seconds, which no
   * millisecond count holds) is an unreadable reading of it: the hold restarts and the wait says
   * what was unreadable, quoting the value, instead of taking the page as a reading without lag.
   */
  @Test
  void anUnreadableDelayOnAPageIsAFailedReadingThatQuotesIt() throws Exception {
    String overflowing = "2305843009213693952";
    startWorker(
        Scenario.of(
                ACCESS_KEY_ID,
                SECRET,
                JobSpec.incremental("dtsGarbled01", REGION).withLag(0, 0, 1000).withWriting(true))
            .withDelayUnit("s"),
        Map.of(DtsSettings.DELAY_UNIT, "s"));
    CutoverWorkflow run = startHolding(request("dtsGarbled01", Duration.ofSeconds(3)));
    simulator.setRawDelay("dtsGarbled01", overflowing);

    AwaitProgress[] garbled = {null};
    waitUntil(
        () -> {
          garbled[0] = awaitProgress(run);
          return garbled[0] != null && garbled[0].lastError() != null;
        });
    simulator.setRawDelay("dtsGarbled01", null);
    CutoverReport report =
        WorkflowStub.fromTyped(run).getResult(4, TimeUnit.MINUTES, CutoverReport.class);

    String error = garbled[0].lastError();
    assertTrue(error.contains("DescribeDtsJobs for dtsGarbled01 in cn-hangzhou"), error);
    assertTrue(error.contains("unreadable, not low"), error);
    assertTrue(error.contains("Delay=" + overflowing), error);
    assertTrue(garbled[0].failedReadings() >= 1, "failed readings: " + garbled[0]);
    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertTrue(report.holdRestarts() >= 1, "holds restarted: " + report.holdRestarts());
  }

  /** The last heartbeat of the cutover's pending await, or {@code null} when there is none. */
  private static AwaitProgress awaitProgress(CutoverWorkflow run) {
    for (PendingActivityInfo activity :
        WorkflowStub.fromTyped(run).describe().getRawDescription().getPendingActivitiesList()) {
      if (activity.getActivityType().getName().equals("AwaitCondition")
          && activity.hasHeartbeatDetails()) {
        return CutoverDataConverter.INSTANCE.fromPayloads(
            0,
            Optional.of(activity.getHeartbeatDetails()),
            AwaitProgress.class,
            AwaitProgress.class);
      }
    }
    return null;
  }

  /** Starts {@code request} and returns once its quiet window holds on pages. */
  private CutoverWorkflow startHolding(CutoverRequest request) throws InterruptedException {
    CutoverWorkflow run =
        CutoverTestEnvironment.start(temporal.getWorkflowClient(), worker, request);
    CutoverTestEnvironment.awaitStatus(
        run, "the wait for zero lag", s -> s.phase() == Phase.WAIT_FOR_ZERO_LAG);
    long before = pages();
    waitUntil(() -> pages() >= before + 2);
    return run;
  }

  private long pages() {
    return simulator.calls("DescribeDtsJobs").stream().filter(call -> call.jobId() == null).count();
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 60 s");
      }
      Thread.sleep(50);
    }
  }
}
