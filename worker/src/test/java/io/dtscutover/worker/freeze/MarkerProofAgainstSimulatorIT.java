package io.dtscutover.worker.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.guard.FreezeGuardActivitiesImpl;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationActivities;
import io.dtscutover.proof.ProofMode;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.MarkerReplicationSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.worker.dts.AlibabaDtsClient;
import io.dtscutover.worker.dts.DtsActivitiesImpl;
import io.dtscutover.worker.dts.DtsSettings;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Marker proof end to end: the real workflow on Temporal's test server, the real Alibaba SDK
 * against the DTS simulator, a real freeze of a real MariaDB or PostgreSQL source, and the
 * simulator copying the marker table into a real destination database. A marker that arrives lets
 * the task stop once; a simulator that reports {@code Delay: 0} but copies nothing stops nothing.
 */
class MarkerProofAgainstSimulatorIT {
  private static final String REGION = "cn-hangzhou";
  private static final String JOB = "dtsmarker01";
  private static final String ACCESS_KEY_ID = "marker-access-key";
  private static final String SECRET = "marker-secret-0123456789";
  private static final String TASK_QUEUE = "dts-cutover-marker";

  private final List<CutoverNotification> notifications = new CopyOnWriteArrayList<>();
  private TestWorkflowEnvironment temporal;
  private DtsSimulator simulator;

  static Stream<FreezeStrategyContract> sources() throws SQLException {
    return CutoverWithRealFreezeIT.sources();
  }

  @AfterEach
  void tearDown() {
    if (temporal != null) {
      temporal.close();
    }
    if (simulator != null) {
      simulator.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void aMarkerThatReachesTheDestinationLetsTheTaskStopOnce(FreezeStrategyContract source)
      throws Exception {
    Map<String, String> targets = targets(source);
    String before = source.sourceState();

    CutoverReport report = run(source, targets, true);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(1, simulator.calls("StopDtsJob").size());
    assertNotNull(report.marker().seenAt(), report.toString());
    assertFalse(report.marker().lag().isNegative());
    assertEquals(1, markerRows(targets, MarkerActivitiesIT.DESTINATION, report));
    assertEquals(before, source.sourceState(), "unfrozen after the stop, as asked");
    source.appWrites();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void aMarkerThatNeverArrivesStopsNothingThoughDtsReportsLagZero(FreezeStrategyContract source)
      throws Exception {
    Map<String, String> targets = targets(source);
    String before = source.sourceState();

    CutoverReport report = run(source, targets, false);

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.MARKER_NOT_SEEN, report.reason(), report.message());
    assertTrue(report.message().contains("although DTS reported lag 0"), report.message());
    assertEquals(0L, simulator.delayMillis(JOB), "the simulator reported lag 0 all along");
    assertTrue(simulator.calls("StopDtsJob").isEmpty(), "no stop without the marker");
    assertNull(report.marker().seenAt());
    assertEquals(0, markerRows(targets, MarkerActivitiesIT.DESTINATION, report));
    assertEquals(1, markerRows(targets, FreezeStrategyContract.TARGET, report));
    assertFalse(report.sourceFrozen());
    assertEquals(before, source.sourceState(), "the source is restored");
    source.appWrites();
  }

  /**
   * The source and a destination with the marker table on both. The destination is a PostgreSQL
   * database, as DTS migrates MySQL into PostgreSQL too: on the source's own MariaDB server the
   * copied rows would move the server-wide write counters the freeze watches.
   */
  private static Map<String, String> targets(FreezeStrategyContract source) throws SQLException {
    Map<String, String> targets = MarkerActivitiesIT.env(source, "_e2e", false);
    MarkerActivitiesImpl markers = MarkerActivitiesImpl.fromEnvironment(targets);
    markers.createTable(FreezeStrategyContract.TARGET);
    markers.createTable(MarkerActivitiesIT.DESTINATION);
    return targets;
  }

  private CutoverReport run(
      FreezeStrategyContract source, Map<String, String> targets, boolean replicating) {
    String sourceUrl = value(targets, FreezeStrategyContract.TARGET, FreezeTargets.JDBC_URL);
    MarkerReplicationSpec replication =
        new MarkerReplicationSpec(
            JOB,
            sourceUrl,
            value(targets, FreezeStrategyContract.TARGET, FreezeTargets.USER),
            value(targets, FreezeStrategyContract.TARGET, FreezeTargets.PASSWORD),
            value(targets, MarkerActivitiesIT.DESTINATION, FreezeTargets.JDBC_URL),
            value(targets, MarkerActivitiesIT.DESTINATION, FreezeTargets.USER),
            value(targets, MarkerActivitiesIT.DESTINATION, FreezeTargets.PASSWORD),
            replicating,
            100L);
    JobSpec job = JobSpec.incremental(JOB, REGION).withLag(1500, 0, 3000).withWriting(false);
    simulator =
        DtsSimulator.start(
            Scenario.of(ACCESS_KEY_ID, SECRET, job).withMarkerReplication(replication), 0);
    Map<String, String> env = new HashMap<>(targets);
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
        WriteFreezeActivitiesImpl.fromEnvironment(env),
        MarkerActivitiesImpl.fromEnvironment(env),
        (NotificationActivities) notifications::add);
    temporal.start();
    CutoverRequest request =
        CutoverRequest.builder(JOB, REGION)
            .freeze(source.strategy(), FreezeStrategyContract.TARGET)
            .proof(ProofMode.MARKER, null, MarkerActivitiesIT.DESTINATION)
            .approval(ApprovalPolicy.noApprovals())
            .pollInterval(Duration.ofMillis(200))
            .quietWindow(Duration.ofSeconds(1))
            .maxFreeze(Duration.ofMinutes(2))
            .catchUpTimeout(Duration.ofSeconds(4))
            .unfreezeAfterStop(true)
            .requestedBy("alice")
            .build();
    CutoverWorkflow cutover =
        temporal
            .getWorkflowClient()
            .newWorkflowStub(
                CutoverWorkflow.class,
                CutoverWorkflowOptions.forRequest(request, TASK_QUEUE).build());
    return cutover.run(request);
  }

  private static String value(Map<String, String> env, String target, String setting) {
    return env.get(FreezeTargets.variable(target, setting));
  }

  /** The rows of this cutover's marker in the marker table of {@code target}. */
  private static int markerRows(Map<String, String> env, String target, CutoverReport report)
      throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                value(env, target, FreezeTargets.JDBC_URL),
                value(env, target, FreezeTargets.USER),
                value(env, target, FreezeTargets.PASSWORD));
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM dts_cutover_marker WHERE token = '"
                    + report.marker().token()
                    + "'")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
