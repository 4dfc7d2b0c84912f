package io.dtscutover.cli.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CliEndToEndIT;
import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.ConnectionOptions;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.cli.ShutdownSignal;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.cli.view.CutoverProgress;
import io.dtscutover.cli.view.CutoverRunRef;
import io.dtscutover.devstack.DevStack;
import io.dtscutover.devstack.EmbeddedTemporal;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.worker.CutoverComponents;
import io.dtscutover.worker.CutoverWorker;
import io.dtscutover.workflow.CutoverIds;
import io.dtscutover.workflow.GateAction;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decision verbs ({@code approve}, {@code reject}, {@code abort}, {@code confirm-freeze}) when
 * no worker polls, and when the run they looked at is not the run that holds the workflow id any
 * more: the embedded server, the simulator and a worker this test starts and stops.
 */
class DecisionDeliveryIT {
  private static final Duration FOLLOW_LIMIT = Duration.ofSeconds(60);
  private static final String REGION = "cn-hangzhou";

  private static EmbeddedTemporal temporal;
  private static DtsSimulator simulator;
  private static Map<String, String> workerEnv;
  private static Map<String, String> env;
  private CutoverWorker worker;
  private TemporalConnection connection;

  @BeforeAll
  static void startServerAndSimulator() {
    Scenario scenario =
        Scenario.of(
            "decision-key",
            "decision-secret",
            job("dtsnoworker"),
            job("dtsrunaddr"),
            job("dtsrunrace"));
    temporal = EmbeddedTemporal.start(EmbeddedTemporal.freePort());
    simulator = DtsSimulator.start(scenario, 0);
    workerEnv = DevStack.simulatorEnvironment(scenario, simulator);
    env = Map.of("TEMPORAL_ADDRESS", temporal.address());
  }

  private static JobSpec job(String id) {
    return JobSpec.incremental(id, REGION).withLag(300, 0, 2000).withStopDelayMillis(300);
  }

  @AfterAll
  static void stopServerAndSimulator() {
    if (simulator != null) {
      simulator.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  @AfterEach
  void stopWorker() {
    if (worker != null) {
      worker.close(Duration.ZERO);
    }
    if (connection != null) {
      connection.close();
    }
  }

  private void startWorker() {
    if (connection == null) {
      connection =
          new ConnectionOptions()
              .connect(
                  new CliEnvironment(
                      env, new BufferedReader(new StringReader("")), new ShutdownSignal()));
    }
    worker =
        CutoverWorker.start(
            connection.client(),
            CutoverIds.taskQueue(workerEnv),
            CutoverComponents.fromEnvironment(workerEnv));
  }

  private static CliRun cli(String... args) {
    return assertTimeoutPreemptively(FOLLOW_LIMIT, () -> CliRun.run(env, args));
  }

  private static CliRun cliForJob(String command, String job, String... options) {
    return cli(
        CliEndToEndIT.concat(new String[] {command, "--job-id", job, "--region", REGION}, options));
  }

  /** Starts a fast cutover of {@code job} that waits at the freeze gate; returns its run id. */
  private static String startAtTheFreezeGate(String job) throws Exception {
    return startAndWatchToTheFreezeGate(job).runId();
  }

  /** A run at the freeze gate, and the approve command its {@code watch} printed. */
  private record WatchedRun(String runId, String approveHint) {}

  private static WatchedRun startAndWatchToTheFreezeGate(String job) throws Exception {
    CliRun start = cli(CliEndToEndIT.fastCutover(job, "--require-approval", "freeze", "--json"));
    assertEquals(ExitCodes.OK, start.exitCode(), start.toString());
    CliRun watch = cliForJob("watch", job);
    assertEquals(ExitCodes.OK, watch.exitCode(), watch.toString());
    String approveHint =
        watch
            .out()
            .lines()
            .filter(line -> line.strip().startsWith("approve: "))
            .map(line -> line.strip().substring("approve: ".length()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no approve command in " + watch.out()));
    return new WatchedRun(
        JsonOutput.mapper().readTree(start.out()).get("runId").asText(), approveHint);
  }

  private static JsonNode status(String job) throws Exception {
    CliRun status = cliForJob("status", job, "--json");
    assertEquals(ExitCodes.OK, status.exitCode(), status.toString());
    return JsonOutput.mapper().readTree(status.out());
  }

  @Test
  void aDecisionWithNoWorkerWaitsSayingForWhatThenExitsThreeUnrecorded() throws Exception {
    startWorker();
    String runId = startAtTheFreezeGate("dtsnoworker");
    worker.close(Duration.ZERO);
    worker = null;

    CliRun approve =
        cliForJob(
            "approve", "dtsnoworker", "--gate", "freeze", "--as", "bob", "--wait-for-worker", "3s");

    assertEquals(ExitCodes.UNREACHABLE, approve.exitCode(), approve.toString());
    assertTrue(
        approve.err().contains("waiting up to 3s for a worker polling task queue dts-cutover"),
        approve.err());
    String[] lines = approve.err().strip().split("\n");
    String last = lines[lines.length - 1];
    assertTrue(
        last.contains("no worker is running for task queue dts-cutover")
            && last.contains("the decision was not recorded, nothing was sent")
            && last.contains(runId),
        approve.err());

    startWorker();
    JsonNode waiting = status("dtsnoworker");
    assertEquals("freeze", waiting.get("pendingGate").asText(), "the approval was not recorded");
    assertTrue(waiting.path("decisions").isEmpty(), waiting.toString());

    CliRun again = cliForJob("approve", "dtsnoworker", "--gate", "freeze", "--as", "bob");
    assertEquals(ExitCodes.OK, again.exitCode(), again.toString());
    assertTrue(again.out().contains("(run " + runId + ")"), again.out());
  }

  @Test
  void anApprovalCopiedFromAnEndedRunIsRefusedAndNeverReachesTheNewRun() throws Exception {
    startWorker();
    WatchedRun looked = startAndWatchToTheFreezeGate("dtsrunaddr");
    String first = looked.runId();
    assertEquals(
        ExitCodes.OK,
        cliForJob("abort", "dtsrunaddr", "--as", "alice", "--reason", "try again").exitCode());
    assertEquals(ExitCodes.CUTOVER_NOT_SUCCESSFUL, cliForJob("watch", "dtsrunaddr").exitCode());
    String second = startAtTheFreezeGate("dtsrunaddr");

    // The person runs, as printed, the command the first run's watch showed them.
    String[] printed = looked.approveHint().replace("YOUR_NAME", "bob").split(" ");
    assertEquals("cutover", printed[0], looked.approveHint());
    CliRun late = cli(Arrays.copyOfRange(printed, 1, printed.length));

    assertEquals(ExitCodes.USAGE, late.exitCode(), late.toString());
    assertTrue(late.err().contains("run " + first + " of cutover"), late.err());
    assertTrue(late.err().contains("does not carry over to run " + second), late.err());
    assertEquals("freeze", status("dtsrunaddr").get("pendingGate").asText());
  }

  @Test
  void aDecisionSentToARunThatEndedMeanwhileDoesNotPassTheNextRunsGate() throws Exception {
    startWorker();
    String first = startAtTheFreezeGate("dtsrunrace");
    CutoverRunRef lookedAt =
        new CutoverRunRef(CutoverIds.workflowId(REGION, "dtsrunrace"), first, "dts-cutover");
    // Between looking and sending, the run ends and a new one reaches the same gate.
    assertEquals(
        ExitCodes.OK,
        cliForJob("abort", "dtsrunrace", "--as", "alice", "--reason", "try again").exitCode());
    assertEquals(ExitCodes.CUTOVER_NOT_SUCCESSFUL, cliForJob("watch", "dtsrunrace").exitCode());
    String second = startAtTheFreezeGate("dtsrunrace");

    StringWriter notices = new StringWriter();
    CliFailure refused =
        assertThrows(
            CliFailure.class,
            () ->
                new DecisionDelivery(
                        connection, lookedAt, Duration.ofSeconds(10), new PrintWriter(notices))
                    .deliver(
                        cutover -> cutover.approve(GateAction.of(Gate.FREEZE, "bob", "")),
                        new CutoverProgress(connection, lookedAt.workflowId())));

    assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.getMessage());
    assertTrue(
        refused.getMessage().contains("ended before the decision arrived"), refused.getMessage());
    assertTrue(refused.getMessage().contains("run " + second), refused.getMessage());
    JsonNode status = status("dtsrunrace");
    assertEquals("freeze", status.get("pendingGate").asText(), status.toString());
    assertFalse(status.toString().contains("\"bob\""), status.toString());
  }
}
