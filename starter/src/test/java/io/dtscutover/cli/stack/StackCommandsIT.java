package io.dtscutover.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtscutover.cli.BackgroundCommand;
import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.devstack.EmbeddedTemporal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The long-running commands, each on its own thread as if in its own terminal, driven by the
 * short-lived ones exactly as the README tells a person to.
 */
class StackCommandsIT {
  /**
   * Bounds a process's start (a JVM, a server, a worker connecting): it is seconds, but not on a
   * loaded machine, where 30 s was seen to pass; waited on a condition, so only a failure pays it.
   */
  private static final Duration UP = Duration.ofSeconds(60);

  private static final Duration FOLLOW_LIMIT = Duration.ofSeconds(60);

  private static String scenarioFile() throws Exception {
    return Path.of(StackCommandsIT.class.getResource("/scenarios/cli-test.json").toURI())
        .toString();
  }

  @Test
  void devWithSimulatorRunsACutoverDrivenFromAnotherTerminal() throws Exception {
    int port = EmbeddedTemporal.freePort();
    Map<String, String> client = Map.of("TEMPORAL_ADDRESS", "127.0.0.1:" + port);
    try (BackgroundCommand dev =
        BackgroundCommand.start(
            Map.of(),
            "dev",
            "--port",
            String.valueOf(port),
            "--simulator",
            scenarioFile(),
            "--simulator-port",
            String.valueOf(EmbeddedTemporal.freePort()))) {
      dev.awaitOutput("Worker polling task queue dts-cutover", UP);

      CliRun start =
          CliRun.run(
              client,
              "start",
              "--job-id",
              "dtscligate",
              "--region",
              "cn-hangzhou",
              "--freeze",
              "sim",
              "--quiet-window",
              "1s",
              "--poll-interval",
              "200ms",
              "--require-approval",
              "freeze",
              "--as",
              "alice");
      assertEquals(ExitCodes.OK, start.exitCode(), start.toString());

      CliRun watch =
          assertTimeoutPreemptively(
              FOLLOW_LIMIT,
              () ->
                  CliRun.run(client, "watch", "--job-id", "dtscligate", "--region", "cn-hangzhou"));
      assertEquals(ExitCodes.OK, watch.exitCode(), watch.toString());
      assertTrue(watch.out().contains("--gate freeze"), watch.out());

      CliRun approve =
          CliRun.run(
              client,
              "approve",
              "--job-id",
              "dtscligate",
              "--region",
              "cn-hangzhou",
              "--gate",
              "freeze",
              "--as",
              "bob");
      assertEquals(ExitCodes.OK, approve.exitCode(), approve.toString());

      CliRun end =
          assertTimeoutPreemptively(
              FOLLOW_LIMIT,
              () ->
                  CliRun.run(client, "watch", "--job-id", "dtscligate", "--region", "cn-hangzhou"));
      assertEquals(ExitCodes.OK, end.exitCode(), end.toString());
      assertTrue(end.out().contains("outcome   COMPLETED"), end.out());

      assertEquals(ExitCodes.OK, dev.stop(), dev.toString());
    }
  }

  @Test
  void serverSimulatorAndWorkerCommandsWorkAsSeparateProcesses() throws Exception {
    int port = EmbeddedTemporal.freePort();
    int simulatorPort = EmbeddedTemporal.freePort();
    String address = "127.0.0.1:" + port;
    try (BackgroundCommand server =
            BackgroundCommand.start(Map.of(), "server", "--port", String.valueOf(port));
        BackgroundCommand simulator =
            BackgroundCommand.start(
                Map.of(),
                "simulator",
                "--scenario",
                scenarioFile(),
                "--port",
                String.valueOf(simulatorPort))) {
      server.awaitOutput("listening on " + address, UP);
      simulator.awaitOutput("ALIBABA_CLOUD_ACCESS_KEY_ID=cli-test-key", UP);
      Map<String, String> workerEnv =
          Map.of(
              "TEMPORAL_ADDRESS",
              address,
              "DTS_ENDPOINT",
              "http://127.0.0.1:" + simulatorPort,
              "ALIBABA_CLOUD_ACCESS_KEY_ID",
              "cli-test-key",
              "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
              "cli-test-secret");
      try (BackgroundCommand worker = BackgroundCommand.start(workerEnv, "worker")) {
        worker.awaitOutput("worker polling task queue dts-cutover", UP);

        CliRun run =
            assertTimeoutPreemptively(
                FOLLOW_LIMIT,
                () ->
                    CliRun.run(
                        Map.of("TEMPORAL_ADDRESS", address),
                        "start",
                        "--job-id",
                        "dtsclirun",
                        "--region",
                        "cn-hangzhou",
                        "--freeze",
                        "sim",
                        "--quiet-window",
                        "1s",
                        "--poll-interval",
                        "200ms",
                        "--require-approval",
                        "none",
                        "--as",
                        "carol",
                        "--wait",
                        "--json"));
        assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
        JsonNode report = JsonOutput.mapper().readTree(run.out());
        assertEquals("COMPLETED", report.get("outcome").asText());

        CliRun list = CliRun.run(Map.of(), "list", "--address", address);
        assertEquals(ExitCodes.OK, list.exitCode(), list.toString());
        assertTrue(list.out().contains("cutover-cn-hangzhou-dtsclirun"), list.out());
        assertTrue(list.out().contains("COMPLETED"), list.out());

        assertEquals(ExitCodes.OK, worker.stop(), worker.toString());
      }
      assertEquals(ExitCodes.OK, simulator.stop(), simulator.toString());
      assertEquals(ExitCodes.OK, server.stop(), server.toString());
    }
  }

  @Test
  void aTakenPortIsAUsageErrorNamingTheFlag() throws Exception {
    int port = EmbeddedTemporal.freePort();
    try (BackgroundCommand server =
        BackgroundCommand.start(Map.of(), "server", "--port", String.valueOf(port))) {
      server.awaitOutput("listening on", UP);
      CliRun second = CliRun.run(Map.of(), "server", "--port", String.valueOf(port));
      assertEquals(ExitCodes.USAGE, second.exitCode(), second.toString());
      assertTrue(second.err().contains("port " + port + " is taken"), second.err());
      assertTrue(second.err().contains("--port"), second.err());
    }
  }
}
