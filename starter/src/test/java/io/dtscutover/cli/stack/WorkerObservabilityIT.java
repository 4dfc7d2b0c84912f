package io.dtscutover.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.cli.BackgroundCommand;
import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.devstack.EmbeddedTemporal;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * `cutover worker` as an SRE runs it: a cutover against the DTS simulator on the embedded server,
 * then /metrics and /healthz scraped over HTTP.
 */
class WorkerObservabilityIT {
  private static final String KEY = "observability-key";
  private static final String SECRET = "observability-secret-0123456789";
  private static final String JOB = "dtsobserved01";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final EmbeddedTemporal temporal = EmbeddedTemporal.start(EmbeddedTemporal.freePort());
  private final DtsSimulator simulator =
      DtsSimulator.start(
          Scenario.of(
              KEY, SECRET, JobSpec.incremental(JOB, "cn-hangzhou").withStopDelayMillis(100)),
          0);
  private final int metricsPort = EmbeddedTemporal.freePort();
  private final Map<String, String> env =
      Map.of(
          "TEMPORAL_ADDRESS",
          temporal.address(),
          "ALIBABA_CLOUD_ACCESS_KEY_ID",
          KEY,
          "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
          SECRET,
          "DTS_ENDPOINT",
          simulator.baseUrl(),
          "CUTOVER_METRICS_PORT",
          String.valueOf(metricsPort),
          "USER",
          "alice");
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void close() {
    simulator.close();
    temporal.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double sample(String body, String name, String... labels) {
    for (String line : body.lines().toList()) {
      if (line.startsWith(name + "{")) {
        boolean all = true;
        for (String label : labels) {
          all &= line.contains(label);
        }
        if (all) {
          Matcher value = Pattern.compile(" ([0-9.eE+-]+)$").matcher(line);
          assertTrue(value.find(), line);
          return Double.parseDouble(value.group(1));
        }
      }
    }
    return -1;
  }

  @Test
  void aCompletedCutoverShowsInTheWorkersMetrics() throws Exception {
    try (BackgroundCommand worker = BackgroundCommand.start(env, "worker")) {
      worker.awaitOutput("metrics on http://localhost:" + metricsPort + "/metrics", PATIENCE);
      HttpResponse<String> health = get("/healthz");
      assertEquals(200, health.statusCode(), health.body());

      CliRun cutover =
          CliRun.run(
              env,
              "start",
              "--job-id",
              JOB,
              "--region",
              "cn-hangzhou",
              "--freeze",
              "sim",
              "--require-approval",
              "none",
              "--quiet-window",
              "1s",
              "--poll-interval",
              "200ms",
              "--as",
              "alice",
              "--wait");
      assertEquals(ExitCodes.OK, cutover.exitCode(), cutover.toString());

      // The SDK hands counters to the registry every few seconds: scrape until they are there.
      long giveUpAt = System.nanoTime() + PATIENCE.toNanos();
      String body = get("/metrics").body();
      while ((sample(body, "cutover_outcomes_total", "outcome=\"COMPLETED\"") < 0
              || sample(body, "temporal_long_request_total") < 0)
          && System.nanoTime() < giveUpAt) {
        Thread.sleep(100);
        body = get("/metrics").body();
      }
      assertEquals(1.0, sample(body, "cutover_outcomes_total", "outcome=\"COMPLETED\""), body);
      assertEquals(
          1.0,
          sample(body, "cutover_dts_calls_total", "action=\"StopDtsJob\"", "result=\"Success\""),
          body);
      assertTrue(
          sample(
                  body,
                  "cutover_dts_calls_total",
                  "action=\"DescribeDtsJobDetail\"",
                  "result=\"Success\"")
              >= 2,
          body);
      assertEquals(
          1.0, sample(body, "cutover_phase_duration_seconds_count", "phase=\"STOPPING\""), body);
      assertEquals(1.0, sample(body, "cutover_frozen_duration_seconds_count"), body);
      assertTrue(sample(body, "temporal_long_request_total") >= 1, body);
      // Small: a few buckets per histogram (the SDK's percentile histograms have 69).
      assertTrue(
          body.lines().filter(l -> l.startsWith("temporal_request_latency_seconds_bucket{")).count()
              <= 8
                  * body.lines()
                      // A series whose labels were all padding has no braces at all.
                      .filter(l -> l.matches("temporal_request_latency_seconds_count[{ ].*"))
                      .count(),
          body);
      assertTrue(body.length() < 300_000, "scrape of " + body.length() + " bytes");

      assertEquals(0, worker.stop());
    }
  }

  @Test
  void aBadMetricsPortIsAUsageErrorNamingTheVariable() {
    Map<String, String> bad = new java.util.HashMap<>(env);
    bad.put("CUTOVER_METRICS_PORT", "ninety");

    CliRun run = CliRun.run(bad, "worker");

    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("CUTOVER_METRICS_PORT must be a TCP port"), run.toString());
  }
}
