package io.dtscutover.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.cli.BackgroundCommand;
import io.dtscutover.cli.CliEndToEndIT;
import io.dtscutover.cli.CliProcess;
import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.devstack.DevStack;
import io.dtscutover.devstack.EmbeddedTemporal;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's {@code cutover server} + {@code cutover worker}, the worker in a process of its own,
 * killed with {@code kill -9} while a cutover waits at its freeze gate and started again: the CLI
 * says plainly that no worker runs, and once one does the cutover goes on as if nothing happened.
 */
class WorkerRestartCliIT {
  private static final Duration UP = Duration.ofSeconds(60);
  private static final Duration FOLLOW_LIMIT = Duration.ofSeconds(90);
  private static final String JOB = "dtsclirestart";

  @Test
  void aKilledAndRestartedWorkerPicksTheCutoverUpAgain() throws Exception {
    int port = EmbeddedTemporal.freePort();
    Scenario scenario =
        Scenario.of(
            "restart-cli-key",
            "restart-cli-secret",
            JobSpec.incremental(JOB, "cn-hangzhou").withLag(300, 0, 2000).withStopDelayMillis(300));
    Map<String, String> client = Map.of("TEMPORAL_ADDRESS", "127.0.0.1:" + port);
    try (BackgroundCommand server =
            BackgroundCommand.start(Map.of(), "server", "--port", String.valueOf(port));
        DtsSimulator simulator = DtsSimulator.start(scenario, 0)) {
      server.awaitOutput("listening on", UP);
      Map<String, String> workerEnv = new HashMap<>(client);
      workerEnv.putAll(DevStack.simulatorEnvironment(scenario, simulator));
      workerEnv.put("CUTOVER_METRICS_PORT", "off");

      try (CliProcess worker = CliProcess.start(workerEnv, "worker")) {
        worker.awaitOutput("worker polling task queue dts-cutover", UP);
        CliRun start =
            CliRun.run(client, CliEndToEndIT.fastCutover(JOB, "--require-approval", "freeze"));
        assertEquals(ExitCodes.OK, start.exitCode(), start.toString());
        assertEquals(ExitCodes.OK, cli(client, "watch").exitCode());
        worker.kill();
      }

      CliRun unanswered =
          cli(client, "approve", "--gate", "freeze", "--as", "bob", "--wait-for-worker", "3s");
      assertEquals(ExitCodes.UNREACHABLE, unanswered.exitCode(), unanswered.toString());
      assertTrue(
          unanswered.err().contains("no worker is running for task queue dts-cutover"),
          unanswered.err());

      try (CliProcess worker = CliProcess.start(workerEnv, "worker")) {
        worker.awaitOutput("worker polling task queue dts-cutover", UP);
        CliRun approve = cli(client, "approve", "--gate", "freeze", "--as", "bob");
        assertEquals(ExitCodes.OK, approve.exitCode(), approve.toString());
        CliRun end = cli(client, "watch");
        assertEquals(ExitCodes.OK, end.exitCode(), end.toString());
        assertTrue(end.out().contains("outcome   COMPLETED"), end.out());
        assertEquals("Finished", simulator.status(JOB));
      }
    }
  }

  /** {@code command} for the job, bounded so a wedged cutover fails instead of hanging. */
  private static CliRun cli(Map<String, String> env, String command, String... options) {
    String[] args =
        CliEndToEndIT.concat(
            new String[] {command, "--job-id", JOB, "--region", "cn-hangzhou"}, options);
    return assertTimeoutPreemptively(FOLLOW_LIMIT, () -> CliRun.run(env, args));
  }
}
