package io.dtscutover.worker.dts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.guard.FreezeGuardActivitiesImpl;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationActivities;
import io.dtscutover.notify.NotificationKind;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.FaultKind;
import io.dtscutover.simulator.FaultSpec;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.simulator.SimCall;
import io.dtscutover.worker.freeze.WriteFreezeActivitiesImpl;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverTestEnvironment;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.CutoverWorkflowOptions;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.ReasonCode;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole cutover end to end: the real workflow on Temporal's test server, the real DTS
 * activities and Alibaba SDK, the DTS simulator on loopback HTTP, and a freeze that stops the
 * simulator's source writes. Nothing is faked but the database behind the freeze.
 *
 * <p>The tests run at once: each starts its own test server and simulator on ephemeral ports, and
 * most of their time is waiting (the minute of outage, quiet windows, budgets).
 */
@Execution(ExecutionMode.CONCURRENT)
class CutoverAgainstSimulatorIT {
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
    return start(Scenario.of(ACCESS_KEY_ID, SECRET, job), Map.of(), request);
  }

  /** A cutover on {@code scenario}, the worker's environment extended with {@code workerEnv}. */
  private CutoverWorkflow start(
      Scenario scenario, Map<String, String> workerEnv, CutoverRequest request) {
    simulator = DtsSimulator.start(scenario, 0);
    Map<String, String> env = new java.util.HashMap<>(workerEnv);
    env.put(DtsSettings.ACCESS_KEY_ID, ACCESS_KEY_ID);
    env.put(DtsSettings.ACCESS_KEY_SECRET, SECRET);
    env.put(DtsSettings.ENDPOINT, simulator.baseUrl());
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

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
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

    assertEquals(Outcome.DRY_RUN, report.outcome(), report.message());
    List<String> codes =
        simulator.calls("DescribeDtsJobDetail").stream().map(SimCall::code).toList();
    assertEquals(List.of("Throttling.User", "Throttling.User", "OK"), codes);
  }

  @Test
  void aDelayThatOverflowsInSecondsIsNeverReadAsZeroAndNoStopIsSent() throws Exception {
    // 2^61 s in milliseconds wraps to exactly 0 in a long: read naively, DTS says "caught up".
    String overflowing = "2305843009213693952";
    JobSpec job =
        JobSpec.incremental("dtsE2E09", REGION)
            .withLag(1500, 0, 3000)
            .withWriting(true)
            .withStopDelayMillis(500);
    CutoverRequest request =
        request("dtsE2E09")
            .quietWindow(Duration.ofSeconds(5))
            .maxFreeze(Duration.ofSeconds(8))
            .build();
    CutoverWorkflow workflow =
        start(
            Scenario.of(ACCESS_KEY_ID, SECRET, job).withDelayUnit("s"),
            Map.of(DtsSettings.DELAY_UNIT, "s"),
            request);
    io.temporal.client.WorkflowClient.start(workflow::run, request);

    // Once writes are frozen, DTS starts answering garbage, inside the quiet window.
    awaitCondition(() -> actions().contains("/_sim/jobs/dtsE2E09/writes"));
    simulator.setRawDelay("dtsE2E09", overflowing);
    CutoverReport report =
        io.temporal.client.WorkflowStub.fromTyped(workflow).getResult(CutoverReport.class);

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertFalse(stopSent(), "no StopDtsJob on an unreadable Delay: " + actions());
    assertFalse(report.sourceFrozen(), "the source was restored");
    assertTrue(simulator.calls("DescribeDtsJobDetail").size() > 1, "it kept reading: " + actions());
  }

  static Stream<Arguments> malformedAnswers() {
    String ok = "\"RequestId\":\"R-MALFORMED\",\"Success\":true,\"DtsJobId\":\"dtsE2E20\"";
    return Stream.of(
        Arguments.of(
            "an HTML 502",
            502,
            "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>\n",
            "HTTP 502 with a body that is not JSON"),
        Arguments.of(
            "invalid JSON", 200, "{" + ok + ",\"Status\":\"Synchron", "HTTP 200 with a body"),
        Arguments.of(
            "a string Code",
            200,
            "{" + ok + ",\"Code\":\"InternalError\",\"Status\":\"Synchronizing\",\"Delay\":0}",
            "HTTP 200 with code InternalError in a form the SDK cannot read"),
        Arguments.of(
            "no Status", 200, "{" + ok + ",\"Delay\":0}", "the answer has no Status (HTTP 200"),
        Arguments.of(
            "an unknown status",
            200,
            "{" + ok + ",\"Status\":\"Hibernating\",\"Delay\":0}",
            "Hibernating"),
        Arguments.of(
            "a negative Delay",
            200,
            "{" + ok + ",\"Status\":\"Synchronizing\",\"Delay\":-5}",
            "Delay is negative (HTTP 200, Delay=-5)"));
  }

  /**
   * Once writes are frozen DTS answers only garbage: it is never read as caught up. No stop is
   * sent, the source is restored, and the reason quotes what could not be read.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedAnswers")
  void aMalformedAnswerIsNeverReadAsSafe(String what, int status, String body, String quoted)
      throws Exception {
    JobSpec job =
        JobSpec.incremental("dtsE2E20", REGION)
            .withLag(1500, 0, 3000)
            .withWriting(true)
            .withStopDelayMillis(500);
    CutoverRequest request =
        request("dtsE2E20")
            .quietWindow(Duration.ofSeconds(3))
            .maxFreeze(Duration.ofSeconds(6))
            .build();
    CutoverWorkflow workflow = start(job, request);
    io.temporal.client.WorkflowClient.start(workflow::run, request);

    awaitCondition(() -> actions().contains("/_sim/jobs/dtsE2E20/writes"));
    simulator.addFault(
        new FaultSpec(
            FaultKind.RAW, "DescribeDtsJobDetail", null, null, status, null, null, null, body));
    CutoverReport report =
        io.temporal.client.WorkflowStub.fromTyped(workflow)
            .getResult(2, java.util.concurrent.TimeUnit.MINUTES, CutoverReport.class);

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertFalse(stopSent(), "no StopDtsJob on " + what + ": " + actions());
    assertFalse(report.sourceFrozen(), "the source was restored");

    assertTrue(report.message().contains(quoted), report.message());
    assertEquals(1, report.message().lines().count(), "one line: " + report.message());
  }

  /**
   * A DTS outage of a minute inside the quiet window: 30 s of 503s, then 30 s of answers that hang
   * past the client's read timeout. The cutover completes with one stop, sent only after a full
   * quiet window watched after the outage.
   */
  @Test
  void aMinuteOfDtsOutageInTheQuietWindowCompletesWithOneStopAfterAFullWindow() throws Exception {
    // Any window shorter than the outage shows it: a window counting the outage as quiet would
    // have held during it, and the stop would come before outageEnd + quietWindow.
    Duration quietWindow = Duration.ofSeconds(5);
    JobSpec job = JobSpec.incremental("dtsE2E21", REGION).withLag(0, 0, 0).withWriting(true);
    CutoverRequest request =
        request("dtsE2E21")
            .quietWindow(quietWindow)
            .maxFreeze(Duration.ofMinutes(4))
            .catchUpTimeout(Duration.ofMinutes(4))
            .build();
    CutoverWorkflow workflow =
        start(
            Scenario.of(ACCESS_KEY_ID, SECRET, job),
            Map.of(DtsSettings.READ_TIMEOUT, "1000"),
            request);
    io.temporal.client.WorkflowClient.start(workflow::run, request);

    // The outage starts inside the quiet window, once zero lag has been seen with writes frozen.
    awaitCondition(() -> actions().contains("/_sim/jobs/dtsE2E21/writes"));
    int frozenAt = actions().lastIndexOf("/_sim/jobs/dtsE2E21/writes");
    awaitCondition(
        () ->
            actions().subList(frozenAt, actions().size()).stream()
                    .filter("DescribeDtsJobDetail"::equals)
                    .count()
                >= 3);
    simulator.addFault(FaultSpec.of(FaultKind.SERVER_ERROR, "*", Integer.MAX_VALUE));
    Thread.sleep(30_000); // the outage's length is the scenario, not a wait for something
    simulator.clearFaults();
    simulator.addFault(new FaultSpec(FaultKind.SLOW, "*", null, null, null, null, null, 3_000L));
    Thread.sleep(30_000);
    simulator.clearFaults();
    java.time.Instant outageEnd = java.time.Instant.now();
    CutoverReport report =
        io.temporal.client.WorkflowStub.fromTyped(workflow)
            .getResult(3, java.util.concurrent.TimeUnit.MINUTES, CutoverReport.class);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(1, simulator.calls("StopDtsJob").size(), "one stop: " + actions());
    assertTrue(simulator.calls("StopDtsJob").get(0).ok(), simulator.calls("StopDtsJob").toString());
    assertEquals("Finished", simulator.status("dtsE2E21"));
    java.time.Instant stopAt = simulator.calls("StopDtsJob").get(0).at();
    assertFalse(
        stopAt.isBefore(outageEnd.plus(quietWindow)),
        "stop at "
            + stopAt
            + ", before a full quiet window after the outage ended at "
            + outageEnd);
    assertTrue(
        simulator.calls("DescribeDtsJobDetail").stream().anyMatch(c -> c.httpStatus() == 503),
        "the outage was seen");
  }

  @Test
  void aCatchUpTimeoutWhileDtsAnswersGarbageNamesTheUnreadableAnswerInTheReason() throws Exception {
    JobSpec job = JobSpec.incremental("dtsE2E14", REGION).withLag(60_000, 0, 0).withWriting(true);
    CutoverRequest request = request("dtsE2E14").catchUpTimeout(Duration.ofSeconds(3)).build();
    CutoverWorkflow workflow = start(job, request);
    io.temporal.client.WorkflowClient.start(workflow::run, request);

    // Past the preflight, while the cutover waits for lag to come down, DTS answers garbage.
    awaitCondition(() -> simulator.calls("DescribeDtsJobDetail").size() >= 2);
    simulator.setRawDelay("dtsE2E14", "abc");
    CutoverReport report =
        io.temporal.client.WorkflowStub.fromTyped(workflow).getResult(CutoverReport.class);

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(report.message().startsWith("lag did not come down"), report.message());
    assertTrue(
        report
            .message()
            .contains("; last DTS answer: DtsUnreadableAnswer: DescribeDtsJobDetail for dtsE2E14"),
        report.message());
    assertTrue(
        report.message().contains("Delay is not a whole number (HTTP 200, Delay=\"abc\")"),
        report.message());
    assertFalse(actions().contains("/_sim/jobs/dtsE2E14/writes"), "nothing was frozen");
    assertFalse(stopSent());
  }

  @Test
  void aCutoverOutlivesItsStsTokenWhenTheRefresherRewritesTheCredentialsFile(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path credentials = dir.resolve("dts-credentials.env");
    writeCredentials(credentials, "sts-token-first");
    JobSpec job =
        JobSpec.incremental("dtsE2E10", REGION)
            .withLag(1500, 0, 3000)
            .withWriting(true)
            .withStopDelayMillis(500);
    CutoverRequest request =
        request("dtsE2E10")
            .quietWindow(Duration.ofSeconds(3))
            .maxFreeze(Duration.ofSeconds(20))
            .build();
    CutoverWorkflow workflow =
        start(
            Scenario.of(ACCESS_KEY_ID, SECRET, job),
            Map.of(DtsSettings.CREDENTIALS_FILE, credentials.toString()),
            request);
    io.temporal.client.WorkflowClient.start(workflow::run, request);

    // Mid-cutover the token reaches the end of its lifetime; the refresher has a new one ready.
    awaitCondition(() -> actions().contains("/_sim/jobs/dtsE2E10/writes"));
    writeCredentials(credentials, "sts-token-second");
    simulator.expireSecurityToken("sts-token-first");
    CutoverReport report =
        io.temporal.client.WorkflowStub.fromTyped(workflow).getResult(CutoverReport.class);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertTrue(report.taskStopped());
    assertTrue(
        simulator.calls().stream().anyMatch(c -> "InvalidSecurityToken.Expired".equals(c.code())),
        "the old token was refused at least once: " + actions());
  }

  /**
   * A task whose stop takes two seconds: shown as {@code stoppingStatus} meanwhile, or, when that
   * is {@code null}, still reading Migrating until it is Finished.
   */
  private static JobSpec slowToStop(String jobId, String stoppingStatus) {
    JobSpec job =
        JobSpec.incremental(jobId, REGION)
            .withLag(1500, 0, 3000)
            .withWriting(true)
            .withStopDelayMillis(2000);
    return stoppingStatus == null ? job : job.withStoppingStatus(stoppingStatus);
  }

  /**
   * Exactly one StopDtsJob took effect, the first, whose answer the fault swallowed; every later
   * one (the HTTP client's own resend, the runbook's) was refused as a repeat.
   */
  private void assertOneEffectiveStop(String jobId) {
    List<SimCall> stops = simulator.calls("StopDtsJob");
    assertFalse(stops.isEmpty(), "StopDtsJob was sent: " + actions());
    assertEquals("AnswerLost", stops.get(0).code(), "the first stop took effect: " + stops);
    for (SimCall repeat : stops.subList(1, stops.size())) {
      assertEquals(
          "OperationDenied.JobStatus", repeat.code(), "a repeat never stops twice: " + stops);
    }
    assertEquals("Finished", simulator.status(jobId));
  }

  /**
   * The first StopDtsJob takes effect and its connection drops; the resent stop is refused because
   * the task is already stopping. The cutover waits for Finished and completes.
   */
  @ParameterizedTest(name = "task shows {0} while stopping")
  @NullSource
  @ValueSource(strings = "Stopping")
  void aStopWhoseAnswerIsLostCompletesOnceTheTaskFinishesNotFailed(String stoppingStatus) {
    CutoverRequest request = request("dtsE2E11").build();

    CutoverReport report =
        start(
                Scenario.of(ACCESS_KEY_ID, SECRET, slowToStop("dtsE2E11", stoppingStatus))
                    .withFault(FaultSpec.lostAnswer("StopDtsJob", 1)),
                Map.of(),
                request)
            .run(request);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertTrue(report.taskStopped());
    assertTrue(report.sourceFrozen(), "past the point of no return the source stays frozen");
    assertOneEffectiveStop("dtsE2E11");
    assertTrue(simulator.calls("StopDtsJob").size() > 1, "the stop was sent again and refused");
  }

  @Test
  void aStopAnsweredAfterTheReadTimeoutCompletesOnceTheTaskFinishesNotFailed() {
    JobSpec job = slowToStop("dtsE2E12", "Stopping");
    CutoverRequest request = request("dtsE2E12").build();

    CutoverReport report =
        start(
                Scenario.of(ACCESS_KEY_ID, SECRET, job)
                    .withFault(
                        new FaultSpec(
                            FaultKind.LOST_ANSWER, "StopDtsJob", null, 1, null, null, null, 3000L)),
                Map.of(DtsSettings.READ_TIMEOUT, "1000"),
                request)
            .run(request);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertTrue(report.taskStopped());
    assertOneEffectiveStop("dtsE2E12");
    assertTrue(
        report.timeline().stream()
            .anyMatch(e -> e.event().contains("outcome of StopDtsJob is unknown")),
        "the slow answer was taken as unknown, not as a refusal or success: " + report.timeline());
  }

  @Test
  void aStopRefusedForLackOfPermissionAbortsAndRestoresTheSource() {
    JobSpec job = JobSpec.incremental("dtsE2E13", REGION).withLag(1500, 0, 3000).withWriting(true);
    CutoverRequest request = request("dtsE2E13").build();

    CutoverReport report =
        start(
                Scenario.of(ACCESS_KEY_ID, SECRET, job)
                    .withFault(
                        FaultSpec.httpError(
                            "StopDtsJob",
                            403,
                            "Forbidden.RAM",
                            "User not authorized to operate on the specified resource.",
                            1)),
                Map.of(),
                request)
            .run(request);

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(report.message().contains("DTS refused StopDtsJob"), report.message());
    assertTrue(report.message().contains("Forbidden.RAM"), report.message());
    assertFalse(report.taskStopped());
    assertFalse(report.sourceFrozen());
    assertTrue(simulator.writing("dtsE2E13"), "the source takes writes again");
    assertEquals("Migrating", simulator.status("dtsE2E13"), "the task runs on");
    assertEquals(1, simulator.calls("StopDtsJob").size(), "a refusal is not sent again");
  }

  private static void writeCredentials(java.nio.file.Path file, String token) throws Exception {
    java.nio.file.Files.writeString(
        file,
        DtsSettings.ACCESS_KEY_ID
            + "="
            + ACCESS_KEY_ID
            + "\n"
            + DtsSettings.ACCESS_KEY_SECRET
            + "="
            + SECRET
            + "\n"
            + DtsSettings.SECURITY_TOKEN
            + "="
            + token
            + "\n");
  }

  private static void awaitCondition(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(20);
    }
  }

  @Test
  void refusesATaskStillPrechecking() {
    CutoverRequest request = request("dtsE2E02").build();

    CutoverReport report =
        start(JobSpec.incremental("dtsE2E02", REGION).withStatus("Prechecking"), request)
            .run(request);

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(ReasonCode.REFUSED_STATUS, report.reason(), report.message());
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

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
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
    assertEquals(ReasonCode.CATCH_UP_TIMEOUT, report.reason(), report.message());
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
    assertEquals(ReasonCode.JOB_NOT_FOUND, report.reason(), report.message());
    assertEquals(List.of("DescribeDtsJobDetail"), actions(), "one describe, not retried");
  }
}
