package io.dtscutover.worker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.worker.fixtures.CutoverRun;
import io.dtscutover.worker.fixtures.Requests;
import io.dtscutover.worker.notify.NotificationActivitiesImpl;
import io.dtscutover.workflow.AbortAction;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.FakeDtsActivities;
import io.dtscutover.workflow.Outcome;
import io.temporal.client.WorkflowStub;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.testing.TestEnvironmentOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cutovers on the real test server, then {@code /metrics} scraped over HTTP as Prometheus would.
 */
class MetricsEndpointTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final WorkerMetrics metrics = WorkerMetrics.create(Duration.ofMillis(100));
  private final AtomicBoolean polling = new AtomicBoolean(true);
  private final MetricsServer server = MetricsServer.start(0, metrics, polling::get);
  private final HttpClient http = HttpClient.newHttpClient();
  private final CutoverRun run =
      new CutoverRun(
          TestEnvironmentOptions.newBuilder().setMetricsScope(metrics.temporalScope()),
          new WorkerInterceptor[] {new CutoverMetricsInterceptor()},
          FakeDtsActivities.caughtUp(),
          NotificationActivitiesImpl.fromEnvironment(Map.of()));

  @AfterEach
  void close() {
    run.close();
    server.close();
    metrics.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Scrapes until {@code ready} holds (the SDK hands counters over every report interval). */
  private String scrapeUntil(String what, Predicate<String> ready) throws Exception {
    long giveUpAt = System.nanoTime() + PATIENCE.toNanos();
    String body = "";
    while (System.nanoTime() < giveUpAt) {
      HttpResponse<String> response = get("/metrics");
      assertEquals(200, response.statusCode());
      assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
      body = response.body();
      if (ready.test(body)) {
        return body;
      }
      Thread.sleep(50);
    }
    return fail("no " + what + " in /metrics within " + PATIENCE + ":\n" + body);
  }

  private static double value(String body, String name, Map<String, String> labels) {
    OptionalDouble sample = PrometheusText.sample(body, name, labels);
    assertTrue(sample.isPresent(), name + labels + " missing from:\n" + body);
    return sample.getAsDouble();
  }

  @Test
  void aCompletedCutoverShowsItsOutcomePhasesFreezeAndTheSdkMetrics() throws Exception {
    CutoverReport report = run.run(Requests.caughtUp(ApprovalPolicy.noApprovals()));
    assertEquals(Outcome.COMPLETED, report.outcome());

    // Counters reach the registry at the SDK's next report: wait for every one asserted below.
    String body =
        scrapeUntil(
            "the COMPLETED outcome and the SDK's counters",
            b ->
                PrometheusText.sample(b, "cutover_outcomes_total", Map.of("outcome", "COMPLETED"))
                        .isPresent()
                    && PrometheusText.sample(b, "temporal_workflow_completed_total", Map.of())
                        .isPresent()
                    && PrometheusText.sample(b, "temporal_request_total", Map.of()).isPresent());

    assertEquals(
        1.0,
        value(
            body,
            "cutover_outcomes_total",
            Map.of("outcome", "COMPLETED", "task_queue", CutoverRun.TASK_QUEUE)));
    // Every phase the cutover waited in; the freeze gate (no approval required) and the freeze
    // (strategy none) took no step, so no time, and are not sampled.
    for (String phase :
        new String[] {"PREFLIGHT", "WAIT_FOR_LOW_LAG", "WAIT_FOR_ZERO_LAG", "STOPPING"}) {
      assertEquals(
          1.0, value(body, "cutover_phase_duration_seconds_count", Map.of("phase", phase)), phase);
    }
    // A terminal phase never ends, so it has no duration.
    assertTrue(
        PrometheusText.sample(
                body, "cutover_phase_duration_seconds_count", Map.of("phase", "COMPLETED"))
            .isEmpty());
    assertEquals(1.0, value(body, "cutover_frozen_duration_seconds_count", Map.of()));
    // The SDK's own metrics land in the same registry.
    assertTrue(value(body, "temporal_workflow_completed_total", Map.of()) >= 1.0);
    assertTrue(value(body, "temporal_request_total", Map.of()) >= 1.0);
  }

  /**
   * What keeps a scrape small (docs/performance.md): no label padded with "none", and every
   * histogram has {@link WorkerMetrics#LATENCY_BUCKETS} and +Inf, not the SDK's 69 buckets.
   */
  @Test
  void theExpositionCarriesNoPaddedLabelsAndFewBuckets() throws Exception {
    CutoverReport report = run.run(Requests.caughtUp(ApprovalPolicy.noApprovals()));
    assertEquals(Outcome.COMPLETED, report.outcome());
    String body =
        scrapeUntil(
            "the outcome and the SDK's latencies",
            b ->
                PrometheusText.sample(b, "cutover_outcomes_total", Map.of()).isPresent()
                    && PrometheusText.sample(b, "temporal_request_latency_seconds_count", Map.of())
                        .isPresent());

    List<String> samples = body.lines().filter(line -> !line.startsWith("#")).toList();
    List<String> padded =
        samples.stream().filter(line -> line.contains("=\"none\"")).limit(3).toList();
    assertTrue(padded.isEmpty(), "samples padded with none, e.g. " + padded);
    // The labels that say something stay.
    assertEquals(
        1.0,
        value(
            body,
            "cutover_outcomes_total",
            Map.of(
                "outcome",
                "COMPLETED",
                "namespace",
                "default",
                "task_queue",
                CutoverRun.TASK_QUEUE,
                "workflow_type",
                "CutoverWorkflow")));

    Map<String, Long> bucketsPerSeries =
        samples.stream()
            .filter(line -> line.contains("_bucket{"))
            .collect(
                Collectors.groupingBy(
                    line -> line.substring(0, line.indexOf("le=")), Collectors.counting()));
    assertTrue(bucketsPerSeries.size() > 5, "histograms: " + bucketsPerSeries.keySet());
    int allowed = WorkerMetrics.LATENCY_BUCKETS.size() + 1;
    bucketsPerSeries.forEach(
        (series, buckets) -> assertTrue(buckets <= allowed, buckets + " buckets in " + series));
  }

  @Test
  void anAbortedCutoverCountsAsAbortedAndEndsTheFrozenTime() throws Exception {
    CutoverWorkflow cutover =
        run.start(
            Requests.caughtUp(
                new ApprovalPolicy(
                    java.util.Set.of(Gate.STOP),
                    java.util.List.of(),
                    false,
                    Duration.ofHours(1),
                    Map.of(),
                    java.util.Set.of())));
    long giveUpAt = System.nanoTime() + PATIENCE.toNanos();
    while (cutover.status().pendingGate() != Gate.STOP) {
      assertTrue(System.nanoTime() < giveUpAt, "the stop gate never waited");
      Thread.sleep(20);
    }
    cutover.abort(new AbortAction("bob", "not tonight"));
    assertEquals(
        Outcome.ABORTED, WorkflowStub.fromTyped(cutover).getResult(CutoverReport.class).outcome());

    String body =
        scrapeUntil(
            "ABORTED outcome",
            b ->
                PrometheusText.sample(b, "cutover_outcomes_total", Map.of("outcome", "ABORTED"))
                    .isPresent());

    assertEquals(1.0, value(body, "cutover_outcomes_total", Map.of("outcome", "ABORTED")));
    assertTrue(
        PrometheusText.sample(body, "cutover_outcomes_total", Map.of("outcome", "COMPLETED"))
            .isEmpty());
    assertEquals(
        1.0, value(body, "cutover_phase_duration_seconds_count", Map.of("phase", "GATE_STOP")));
    assertEquals(1.0, value(body, "cutover_frozen_duration_seconds_count", Map.of()));
  }

  @Test
  void dtsCallsAreCountedByActionAndResultAndThrottlesApart() throws Exception {
    metrics.dtsCalls().succeeded("DescribeDtsJobDetail");
    metrics.dtsCalls().succeeded("DescribeDtsJobDetail");
    metrics.dtsCalls().failed("DescribeDtsJobDetail", "DtsThrottled");
    metrics.dtsCalls().throttled("DescribeDtsJobDetail", "cn-hangzhou");
    metrics.dtsCalls().failed("StopDtsJob", "DtsPermissionDenied");

    String body = get("/metrics").body();

    assertEquals(
        2.0,
        value(
            body,
            "cutover_dts_calls_total",
            Map.of("action", "DescribeDtsJobDetail", "result", "Success")));
    assertEquals(
        1.0,
        value(
            body,
            "cutover_dts_calls_total",
            Map.of("action", "DescribeDtsJobDetail", "result", "DtsThrottled")));
    assertEquals(
        1.0,
        value(
            body,
            "cutover_dts_calls_total",
            Map.of("action", "StopDtsJob", "result", "DtsPermissionDenied")));
    assertEquals(
        1.0, value(body, "cutover_dts_throttles_total", Map.of("action", "DescribeDtsJobDetail")));
    assertTrue(
        PrometheusText.sample(body, "cutover_dts_throttles_total", Map.of("action", "StopDtsJob"))
            .isEmpty());
  }

  @Test
  void healthzFollowsTheWorker() throws Exception {
    HttpResponse<String> up = get("/healthz");
    assertEquals(200, up.statusCode());
    assertEquals("ok\n", up.body());

    polling.set(false);

    assertEquals(503, get("/healthz").statusCode());
  }

  @Test
  void onlyGetIsServed() throws Exception {
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
  }
}
