package io.dtscutover.worker.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.guard.FreezeGuardActivitiesImpl;
import io.dtscutover.guard.FreezeGuardWorkflowImpl;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationActivities;
import io.dtscutover.simulator.DataCheckSpec;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.simulator.SimCall;
import io.dtscutover.worker.dts.AlibabaDtsClient;
import io.dtscutover.worker.dts.DtsActivitiesImpl;
import io.dtscutover.worker.dts.DtsSettings;
import io.dtscutover.workflow.CutoverDataConverter;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverSearchAttributes;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.CutoverWorkflowImpl;
import io.dtscutover.workflow.CutoverWorkflowOptions;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.ReasonCode;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --require-verification} end to end: the real workflow, the real DTS activities and Alibaba
 * SDK against the DTS simulator's scripted data verification, and a real freeze of MariaDB or
 * PostgreSQL. Differences never reach the stop and leave the source exactly as it was; a clean
 * verification leads to the stop; a task without verification is refused before anything changes.
 */
class VerificationGateEndToEndIT {
  private static final String ACCESS_KEY_ID = "e2e-verify-key";
  private static final String SECRET = "e2e-verify-secret-0123456789";
  private static final String JOB = "dtsverify01";
  private static final String REGION = "cn-hangzhou";

  @RegisterExtension final TestWorkflowExtension testWorkflow = extension();

  private final List<CutoverNotification> notifications = new CopyOnWriteArrayList<>();
  private DtsSimulator simulator;

  private static TestWorkflowExtension extension() {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(
                CutoverWorkflowImpl.class, FreezeGuardWorkflowImpl.class)
            .setWorkflowClientOptions(
                WorkflowClientOptions.newBuilder()
                    .setDataConverter(CutoverDataConverter.INSTANCE)
                    .build())
            .setDoNotStart(true);
    for (var key : CutoverSearchAttributes.ALL) {
      builder.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return builder.build();
  }

  static Stream<FreezeStrategyContract> sources() throws SQLException {
    MySqlReadOnlyFreezeIT.createShop();
    PgReadOnlyFreezeIT.createShop();
    return Stream.of(new MySqlReadOnlyFreezeIT(), new PgReadOnlyFreezeIT());
  }

  @AfterEach
  void stopSimulator() {
    if (simulator != null) {
      simulator.close();
    }
  }

  /** A caught-up task (no writes reach it: lag 0, Catched) with these verification results. */
  private CutoverReport cutOver(
      FreezeStrategyContract source,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client,
      VerificationMode mode,
      DataCheckSpec... tables) {
    JobSpec job =
        JobSpec.incremental(JOB, REGION)
            .withLag(0, 0, 1000)
            .withWriting(false)
            .withStopDelayMillis(200)
            .withDataChecks(tables);
    simulator = DtsSimulator.start(Scenario.of(ACCESS_KEY_ID, SECRET, job), 0);
    Map<String, String> dtsEnv = new HashMap<>();
    dtsEnv.put(DtsSettings.ACCESS_KEY_ID, ACCESS_KEY_ID);
    dtsEnv.put(DtsSettings.ACCESS_KEY_SECRET, SECRET);
    dtsEnv.put(DtsSettings.ENDPOINT, simulator.baseUrl());
    worker.registerActivitiesImplementations(
        new DtsActivitiesImpl(new AlibabaDtsClient(DtsSettings.fromEnvironment(dtsEnv))),
        source.activities(),
        (NotificationActivities) notifications::add,
        new FreezeGuardActivitiesImpl(env.getWorkflowClient()));
    env.start();
    CutoverRequest request =
        CutoverRequest.builder(JOB, REGION)
            .freeze(source.strategy(), FreezeStrategyContract.TARGET)
            .pollInterval(Duration.ofMillis(300))
            .quietWindow(Duration.ofSeconds(1))
            .catchUpTimeout(Duration.ofMinutes(2))
            .maxFreeze(Duration.ofMinutes(5))
            .unfreezeAfterStop(true)
            .requireVerification(mode)
            .approval(ApprovalPolicy.noApprovals())
            .requestedBy("alice")
            .build();
    CutoverWorkflow cutover =
        client.newWorkflowStub(
            CutoverWorkflow.class,
            CutoverWorkflowOptions.forRequest(request, worker.getTaskQueue()).build());
    return cutover.run(request);
  }

  private boolean stopSent() {
    return !simulator.calls("StopDtsJob").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void differencesNeverReachTheStopAndTheSourceIsRestored(
      FreezeStrategyContract source,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client)
      throws Exception {
    String before = source.sourceState();

    CutoverReport report =
        cutOver(
            source,
            env,
            worker,
            client,
            VerificationMode.INCREMENTAL,
            DataCheckSpec.done("incremental", "shop", "customers", 0),
            new DataCheckSpec("incremental", "shop", "orders", "0", 7L, 1500L));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.VERIFICATION_FAILED, report.reason());
    assertTrue(report.message().contains("shop.orders (7 rows differ"), report.message());
    assertFalse(stopSent(), "StopDtsJob was sent despite differences");
    assertFalse(report.sourceFrozen());
    assertTrue(
        report.timeline().stream().anyMatch(e -> e.event().startsWith("source frozen (")),
        "the source was never frozen");
    assertEquals(before, source.sourceState());
    source.appWrites();
    assertTrue(
        notifications.stream().anyMatch(n -> n.text().contains("shop.orders")),
        "the abort's notification names the table");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void aCleanVerificationLeadsToTheStop(
      FreezeStrategyContract source,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client)
      throws Exception {
    CutoverReport report =
        cutOver(
            source,
            env,
            worker,
            client,
            VerificationMode.BOTH,
            DataCheckSpec.done("full", "shop", "orders", 0),
            DataCheckSpec.runningFor("incremental", "shop", "orders", 2500));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertTrue(report.taskStopped());
    assertTrue(report.verification().passes(), report.verification().describe());
    List<String> actions = simulator.calls().stream().map(SimCall::action).toList();
    assertTrue(
        actions.lastIndexOf("DescribeDataCheckTableDetails") < actions.indexOf("StopDtsJob"),
        actions.toString());
    source.appWrites();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void aTaskWithoutVerificationIsRefusedBeforeAnythingChanges(
      FreezeStrategyContract source,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client)
      throws Exception {
    String before = source.sourceState();

    CutoverReport report = cutOver(source, env, worker, client, VerificationMode.FULL);

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.VERIFICATION_FAILED, report.reason());
    assertTrue(
        report.message().contains("has no full data verification configured"), report.message());
    assertFalse(stopSent());
    assertTrue(
        report.timeline().stream().noneMatch(e -> e.event().startsWith("source frozen (")),
        "the source was frozen");
    assertEquals(before, source.sourceState());
    source.appWrites();
  }
}
