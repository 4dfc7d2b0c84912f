package io.dtscutover.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.cli.BackgroundCommand;
import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.devstack.EmbeddedTemporal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code cutover worker} checks all of its configuration before it contacts Temporal (so a
 * configuration error is exit 2 even with Temporal down, and nothing polls with a bad setting), and
 * waits for a Temporal that does not answer yet instead of exiting.
 */
class WorkerStartIT {
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** Temporal is down: nothing listens on this port. */
  private final int temporalPort = EmbeddedTemporal.freePort();

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort);
    env.put("ALIBABA_CLOUD_ACCESS_KEY_ID", "worker-start-key");
    env.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "worker-start-secret-0123456789");
    env.put("DTS_ENDPOINT", "http://127.0.0.1:1");
    env.put("CUTOVER_METRICS_PORT", "0");
    return env;
  }

  private static void assertConfigurationError(CliRun run, String... mentions) {
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    for (String mention : mentions) {
      assertTrue(run.err().contains(mention), "expected '" + mention + "' in: " + run);
    }
    assertFalse(run.err().contains("Temporal"), "Temporal was never contacted: " + run);
  }

  @Test
  void aMissingCredentialIsExitTwoWithTemporalDown() {
    Map<String, String> env = env();
    env.remove("ALIBABA_CLOUD_ACCESS_KEY_SECRET");

    assertConfigurationError(CliRun.run(env, "worker"), "ALIBABA_CLOUD_ACCESS_KEY_SECRET");
  }

  @Test
  void aPasswordInTheDtsEndpointIsNeverEchoed() {
    Map<String, String> env = env();
    env.put("DTS_ENDPOINT", "https://admin:hunter2@dts.example.com");

    CliRun run = CliRun.run(env, "worker");

    assertConfigurationError(run, "DTS_ENDPOINT", "***@dts.example.com");
    assertFalse(run.err().contains("hunter2"), run.toString());
  }

  @Test
  void aBadWebhookIsExitTwoWithTemporalDown() {
    Map<String, String> env = env();
    env.put("CUTOVER_WEBHOOK_URL", "ftp://hooks.example.com/x");

    assertConfigurationError(CliRun.run(env, "worker"), "CUTOVER_WEBHOOK_URL");
  }

  @Test
  void aBusyMetricsPortIsExitTwoBeforeAnyPolling() throws Exception {
    try (ServerSocket busy = new ServerSocket(0)) {
      Map<String, String> env = env();
      env.put("CUTOVER_METRICS_PORT", String.valueOf(busy.getLocalPort()));

      assertConfigurationError(
          CliRun.run(env, "worker"), "cannot serve metrics on port " + busy.getLocalPort());
    }
  }

  @Test
  void aWorkerWaitsForTemporalToAnswerThenPolls() throws Exception {
    try (BackgroundCommand worker = BackgroundCommand.start(env(), "worker")) {
      worker.awaitError(
          "cannot reach Temporal at 127.0.0.1:" + temporalPort + ": start a local server",
          PATIENCE);
      worker.awaitError("trying again in", PATIENCE);

      try (EmbeddedTemporal temporal = EmbeddedTemporal.start(temporalPort)) {
        assertTrue(temporal != null, "Temporal started on the worker's port");
        worker.awaitOutput("worker polling task queue", PATIENCE);
        assertEquals(ExitCodes.OK, worker.stop());
      }
    }
  }
}
