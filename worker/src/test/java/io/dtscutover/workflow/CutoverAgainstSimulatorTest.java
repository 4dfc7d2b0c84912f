package io.dtscutover.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.dts.DtsActivitiesImpl;
import io.dtscutover.dts.DtsSettings;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.freeze.WriteFreezeActivitiesImpl;
import io.dtscutover.guard.FreezeGuardActivitiesImpl;
import io.dtscutover.guard.FreezeGuardWorkflowImpl;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationActivities;
import io.dtscutover.notify.NotificationKind;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.FaultSpec;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.simulator.SimCall;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The whole cutover end to end: the real workflow on Temporal's test server, the real DTS
 * activities and Alibaba SDK, the DTS simulator on loopback HTTP, and a freeze that stops the
 * simulator's source writes. Nothing is faked but the database behind the freeze.
 */
class CutoverAgainstSimulatorTest {
  private static final String REGION = "cn-hangzhou";
  private static final String ACCESS_KEY_ID = "e2e-access-key";
  private static final String SECRET = "e2e-secret-0123456789";
  private static final String TASK_QUEUE = "dts-cutover-e2e";

  private final List<CutoverNotification> notifications = new CopyOnWriteArrayList<>();
  private TestWorkflowEnvironment temporal;
  private DtsSimulator simulator;

  @AfterEach
  void tearDown() {
    if (temporal != null) {
      temporal.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  private CutoverWorkflow start(JobSpec job, CutoverRequest request) {
    simulator = DtsSimulator.start(Scenario.of(ACCESS_KEY_ID, SECRET, job), 0);
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder().setUseTimeskipping(false);
    CutoverSearchAttributes.ALL.forEach(
        key ->
            options.registerSearchAttribute(
                key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    temporal = TestWorkflowEnvironment.newInstance(options.build());
    Worker worker = temporal.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(
        CutoverWorkflowImpl.class, FreezeGuardWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new FreezeGuardActivitiesImpl(temporal.getWorkflowClient()),
        DtsActivitiesImpl.fromEnvironment(
            Map.of(
                DtsSettings.ACCESS_KEY_ID, ACCESS_KEY_ID,
                DtsSettings.ACCESS_KEY_SECRET, SECRET,
                DtsSettings.ENDPOINT, simulator.baseUrl())),
        WriteFreezeActivitiesImpl.fromEnvironment(
            Map.of(DtsSettings.ENDPOINT, simulator.baseUrl())),
        (NotificationActivities) notifications::add);
    temporal.start();
    return temporal
        .getWorkflowClient()
        .newWorkflowStub(
            CutoverWorkflow.class, CutoverWorkflowOptions.forRequest(request, TASK_QUEUE).build());
  }

  private static CutoverRequest.Builder request(String jobId) {
    return CutoverRequest.builder(jobId, REGION)
        .freeze(FreezeStrategy.SIM, null)
        .approval(ApprovalPolicy.noApprovals())
        .pollInterval(Duration.ofMillis(200))
        .quietWindow(Duration.ofSeconds(1))
        .maxFreeze(Duration.ofMinutes(2))
        .catchUpTimeout(Duration.ofMinutes(1))
        .requestedBy("alice");
  }

  private List<String> actions() {
    return simulator.calls().stream().map(SimCall::action).collect(Collectors.toList());
  }

  private boolean stopSent() {
    return !simulator.calls("StopDtsJob").isEmpty();
  }

  @Test
  void happyPathFreezesCatchesUpStopsAndReleases() {
    JobSpec job =
        JobSpec.incremental("dtsE2E01", REGION)
            .withLag(1500, 0, 3000)
            .withWriting(true)
            .withStopDelayMillis(500);
    CutoverRequest request = request("dtsE2E01").deleteAfterStop(true).build();

    CutoverReport report = start(job, request).run(request);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.reason());
    assertTrue(report.taskStopped());
    assertTrue(report.taskDeleted());
    assertTrue(report.sourceFrozen(), "the source stays frozen after the stop");
    assertFalse(simulator.exists("dtsE2E01"), "the task was released");
    List<String> actions = actions();
    int writesStopped = actions.indexOf("/_sim/jobs/dtsE2E01/writes");
    int stop = actions.indexOf("StopDtsJob");
    assertTrue(writesStopped >= 0 && stop > writesStopped, "freeze before stop: " + actions);
    assertEquals(1, simulator.calls("StopDtsJob").size());
    assertTrue(actions.indexOf("DeleteDtsJob") > stop);
    String stopRequestId = simulator.calls("StopDtsJob").get(0).requestId();
    assertTrue(report.dtsRequestIds().contains(stopRequestId), report.dtsRequestIds().toString());
    assertTrue(
        report.lagReadings().stream().anyMatch(r -> r.toString().contains("before the stop")),
        report.lagReadings().toString());
    simulator.calls().forEach(call -> assertTrue(call.ok(), "unexpected error " + call));
    assertTrue(
        notifications.stream()
            .anyMatch(n -> n.kind() == NotificationKind.COMPLETED && n.jobId().equals("dtsE2E01")),
        "people heard that the cutover completed: " + notifications);
  }

  @Test
  void throttledCallsAreRetriedUntilTheyPass() {
    JobSpec job = JobSpec.incremental("dtsE2E06", REGION).withLag(200, 0, 1000);
    CutoverRequest request = request("dtsE2E06").dryRun(true).build();
    CutoverWorkflow workflow = start(job, request);
    simulator.addFault(FaultSpec.throttling("DescribeDtsJobDetail", 2));

    CutoverReport report = workflow.run(request);

    assertEquals(Outcome.DRY_RUN, report.outcome(), report.reason());
    List<String> codes = simulator.calls().stream().map(SimCall::code).toList();
    assertEquals(List.of("Throttling.User", "Throttling.User", "OK"), codes);
  }

  @Test
  void refusesATaskStillPrechecking() {
    CutoverRequest request = request("dtsE2E02").build();

    CutoverReport report =
        start(JobSpec.incremental("dtsE2E02", REGION).withStatus("Prechecking"), request)
            .run(request);

    assertEquals(Outcome.ABORTED, report.outcome());
    assertTrue(report.reason().contains("prechecking"), report.reason());
    assertFalse(stopSent());
    assertFalse(actions().contains("/_sim/jobs/dtsE2E02/writes"), "nothing was frozen");
    assertEquals("Prechecking", simulator.status("dtsE2E02"));
  }

  @Test
  void neverStopsAFullLoadOnlyTask() {
    CutoverRequest request = request("dtsE2E03").build();

    CutoverReport report =
        start(
                JobSpec.incremental("dtsE2E03", REGION)
                    .withIncremental(false)
                    .withFullLoadMillis(1500),
                request)
            .run(request);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.reason());
    assertFalse(report.taskStopped());
    assertFalse(stopSent(), "a full-load-only task finishes by itself");
    assertEquals("Finished", simulator.status("dtsE2E03"));
  }

  @Test
  void abortsBeforeAnyDowntimeWhenLagStaysHigh() {
    CutoverRequest request = request("dtsE2E04").catchUpTimeout(Duration.ofSeconds(2)).build();

    CutoverReport report =
        start(
                JobSpec.incremental("dtsE2E04", REGION)
                    .withLag(60_000, 1000, 100)
                    .withWriting(true),
                request)
            .run(request);

    assertEquals(Outcome.ABORTED, report.outcome());
    assertTrue(report.reason().contains("lag"), report.reason());
    assertFalse(report.sourceFrozen());
    assertFalse(actions().contains("/_sim/jobs/dtsE2E04/writes"), "nothing was frozen");
    assertFalse(stopSent());
    assertTrue(simulator.exists("dtsE2E04"));
  }

  @Test
  void unknownJobFailsWithoutTouchingAnything() {
    CutoverRequest request = request("dtsMissing").build();

    CutoverReport report = start(JobSpec.incremental("dtsE2E05", REGION), request).run(request);

    assertFalse(report.outcome().isSuccess());
    assertTrue(report.reason().contains("DtsJobNotFound"), report.reason());
    assertEquals(List.of("DescribeDtsJobDetail"), actions(), "one describe, not retried");
  }
}
