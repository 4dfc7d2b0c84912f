package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitGate;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitStatus;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.Gate;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.guard.FreezeGuardWorkflowImpl;
import io.dtscutover.proof.ProofMode;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A dry run's plan lists every step the real run takes, in order, one sentence per step: for every
 * route, with and without each optional step. Each scenario runs twice on the test server with the
 * walk recorded ({@link StepRecordingWorkflow}): as a dry run, then for real to COMPLETED.
 */
class DryRunPlanTest {
  private static final String WAVE = "w1";

  /** Every step some scenario walked, to show that the scenarios cover every step. */
  private static final Set<String> WALKED = new HashSet<>();

  private TestWorkflowEnvironment env;
  private Worker worker;

  /**
   * One way a cutover can go.
   *
   * @param readings what DTS answers to describes, in turn (the last repeats), for each run
   * @param request the request, without {@code dryRun}
   * @param drive what people do while the real run waits for them
   */
  record Scenario(
      String name,
      List<JobSnapshot> readings,
      Function<Instant, CutoverRequest.Builder> request,
      Consumer<CutoverWorkflow> drive) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Scenario> scenarios() {
    JobSnapshot paused = Snapshots.inState(JobStatus.PAUSED, "Suspending");
    JobSnapshot failed = Snapshots.inState(JobStatus.FAILED, "MigrationFailed");
    return Stream.of(
        scenario("full-load-only", List.of(Snapshots.fullOnlyLoading()), now -> request()),
        scenario(
            "full-load-only, deleted",
            List.of(Snapshots.fullOnlyLoading()),
            now -> request().deleteAfterStop(true)),
        scenario("stop-as-is", List.of(paused), now -> request().allowPaused(true)),
        new Scenario(
            "stop-as-is, gated stop and delete",
            List.of(failed),
            now ->
                request()
                    .allowFailed(true)
                    .deleteAfterStop(true)
                    .approval(approvalAt(Gate.STOP, Gate.DELETE)),
            cutover -> approve(cutover, Gate.STOP, Gate.DELETE)),
        scenario("incremental", List.of(Snapshots.incremental(0)), now -> request()),
        scenario(
            "incremental from full load, in a window, deleted, unfrozen after the stop",
            List.of(Snapshots.inFullLoad(), Snapshots.incremental(0)),
            now ->
                request()
                    .window(now.plus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(6)))
                    .deleteAfterStop(true)
                    .unfreezeAfterStop(true)),
        scenario(
            "incremental, window closing only",
            List.of(Snapshots.incremental(0)),
            now -> request().window(null, now.plus(Duration.ofHours(6)))),
        new Scenario(
            "incremental, marker proof, data verification, every gate",
            List.of(Snapshots.incremental(0)),
            now ->
                request()
                    .proof(ProofMode.MARKER, null, "orders-dest")
                    .requireVerification(VerificationMode.BOTH)
                    .deleteAfterStop(true)
                    .approval(approvalAt(Gate.FREEZE, Gate.STOP, Gate.DELETE)),
            cutover -> approve(cutover, Gate.FREEZE, Gate.STOP, Gate.DELETE)),
        new Scenario(
            "incremental, manual freeze",
            List.of(Snapshots.incremental(0)),
            now -> request().freeze(FreezeStrategy.MANUAL, null),
            cutover -> {
              awaitStatus(cutover, "the manual freeze", CutoverStatus::awaitingWritesStopped);
              cutover.confirmWritesStopped(new WritesStopped("bob"));
            }),
        scenario(
            "incremental, freeze none, unfreeze asked",
            List.of(Snapshots.incremental(0)),
            now -> request().freeze(FreezeStrategy.NONE, null).unfreezeAfterStop(true)),
        new Scenario(
            "incremental, member of a wave",
            List.of(Snapshots.incremental(0)),
            now -> request().waveId(WAVE),
            cutover -> {
              awaitStatus(
                  cutover,
                  "ready to stop",
                  s -> s.timeline().stream().anyMatch(e -> e.event().startsWith("ready to stop")));
              cutover.waveStop(CutoverIds.waveWorkflowId(WAVE));
            }));
  }

  private static Scenario scenario(
      String name, List<JobSnapshot> readings, Function<Instant, CutoverRequest.Builder> request) {
    return new Scenario(name, readings, request, cutover -> {});
  }

  private static void approve(CutoverWorkflow cutover, Gate... gates) {
    for (Gate gate : gates) {
      awaitGate(cutover, gate);
      cutover.approve(GateAction.of(gate, "bob", ""));
    }
  }

  @BeforeEach
  void startServer() {
    env =
        TestWorkflowEnvironment.newInstance(
            CutoverTestEnvironment.options(TestEnvironmentOptions.newBuilder()).build());
    worker = env.newWorker("dts-cutover-plan-test");
    worker.registerWorkflowImplementationTypes(
        StepRecordingWorkflow.class, FreezeGuardWorkflowImpl.class);
  }

  @AfterEach
  void stopServer() {
    env.close();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void thePlanListsEveryStepTheRealRunTakes(Scenario scenario) {
    FakeDtsActivities dts = new FakeDtsActivities();
    registerAndStart(
        env, worker, dts, new FakeWriteFreezeActivities(), new FakeMarkerActivities(dts.calls));
    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());

    dts.nowReads(scenario.readings().toArray(JobSnapshot[]::new));
    CutoverRequest dryRun = scenario.request().apply(now).dryRun(true).build();
    CutoverReport planned = result(start(env.getWorkflowClient(), worker, dryRun));
    List<StepRecordingWorkflow.Step> plan = StepRecordingWorkflow.WALKS.remove(dryRun.workflowId());

    dts.nowReads(scenario.readings().toArray(JobSnapshot[]::new));
    CutoverRequest request = scenario.request().apply(now).build();
    CutoverWorkflow cutover = start(env.getWorkflowClient(), worker, request);
    scenario.drive().accept(cutover);
    CutoverReport report = result(cutover);
    List<StepRecordingWorkflow.Step> run = StepRecordingWorkflow.WALKS.remove(request.workflowId());

    assertEquals(Outcome.DRY_RUN, planned.outcome(), planned.message());
    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    List<String> steps = run.stream().map(StepRecordingWorkflow.Step::step).toList();
    assertEquals(
        steps,
        plan.stream().map(StepRecordingWorkflow.Step::step).toList(),
        "the dry run walked other steps than the real run");
    for (StepRecordingWorkflow.Step step : plan) {
      assertEquals(
          1, step.planned().size(), "the plan's sentences for " + step.step() + ": " + planned);
    }
    assertEquals(
        plan.stream().flatMap(step -> step.planned().stream()).toList(),
        planned.plan(),
        "the report's plan is the walk's sentences");
    steps.forEach(step -> WALKED.add(step.split(" ")[0]));
  }

  @AfterAll
  static void everyStepIsWalkedBySomeScenario() {
    Set<String> all =
        Arrays.stream(RunbookSteps.class.getMethods())
            .map(Method::getName)
            .collect(Collectors.toSet());
    all.removeAll(WALKED);
    assertTrue(all.isEmpty(), "no scenario walks " + all);
  }
}
