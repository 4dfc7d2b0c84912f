package io.dtscutover.worker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.FaultSpec;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.worker.dts.AlibabaDtsClient;
import io.dtscutover.worker.dts.DtsCallException;
import io.dtscutover.worker.dts.DtsSettings;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The real Alibaba SDK adapter over HTTP to the DTS simulator, each request counted under its own
 * action.
 */
class DtsCallMetricsTest {
  private static final String KEY = "metrics-test-key";
  private static final String SECRET = "metrics-test-secret-0123456789";
  private static final JobRef JOB = JobRef.of("cn-hangzhou", "dtsmetered01");

  private final DtsSimulator simulator =
      DtsSimulator.start(
          Scenario.of(KEY, SECRET, JobSpec.incremental(JOB.jobId(), JOB.regionId())), 0);
  private final WorkerMetrics metrics = WorkerMetrics.create();
  private final AlibabaDtsClient client =
      new AlibabaDtsClient(
          DtsSettings.fromEnvironment(
              Map.of(
                  DtsSettings.ACCESS_KEY_ID, KEY,
                  DtsSettings.ACCESS_KEY_SECRET, SECRET,
                  DtsSettings.ENDPOINT, simulator.baseUrl())),
          metrics.dtsCalls());

  @AfterEach
  void close() {
    simulator.close();
    metrics.close();
  }

  private double count(String name, Map<String, String> labels) {
    OptionalDouble value = PrometheusText.sample(metrics.scrape(), name, labels);
    assertTrue(value.isPresent(), name + labels + " in:\n" + metrics.scrape());
    return value.getAsDouble();
  }

  @Test
  void countsSuccessesFailuresAndThrottlesByAction() {
    assertEquals(JobStatus.MIGRATING, client.describe(JOB).status());
    simulator.addFault(FaultSpec.throttling("DescribeDtsJobDetail", 1));
    DtsCallException throttled = assertThrows(DtsCallException.class, () -> client.describe(JOB));
    assertEquals(DtsFailures.THROTTLED, throttled.type());
    DtsCallException unknown =
        assertThrows(
            DtsCallException.class, () -> client.stop(JobRef.of("cn-hangzhou", "dtsnosuchjob")));
    assertEquals(DtsFailures.JOB_NOT_FOUND, unknown.type());
    client.stop(JOB);

    assertEquals(
        1.0,
        count(
            "cutover_dts_calls_total",
            Map.of("action", "DescribeDtsJobDetail", "result", "DtsThrottled")));
    assertEquals(
        1.0, count("cutover_dts_throttles_total", Map.of("action", "DescribeDtsJobDetail")));
    // The stop of an unknown job failed on its preliminary describe: no StopDtsJob was sent.
    assertEquals(
        1.0,
        count(
            "cutover_dts_calls_total",
            Map.of("action", "DescribeDtsJobDetail", "result", "DtsJobNotFound")));
    assertEquals(
        1.0, count("cutover_dts_calls_total", Map.of("action", "StopDtsJob", "result", "Success")));
    assertEquals(
        2.0,
        count(
            "cutover_dts_calls_total",
            Map.of("action", "DescribeDtsJobDetail", "result", "Success")),
        "the successful stop's describe counts as a describe");
  }

  @Test
  void theGaugeOfAServerBehindFollowsWhatTheWorkerSees() {
    AtomicBoolean behind = new AtomicBoolean(false);
    metrics.dtsCalls().watchTemporal(behind::get);
    assertEquals(0.0, count("cutover_temporal_behind", Map.of()));

    behind.set(true);
    assertEquals(1.0, count("cutover_temporal_behind", Map.of()), "read at every scrape");
  }

  @Test
  void aThrottledDescribeBeforeAStopIsADescribeThrottleNotAStopThrottle() {
    simulator.addFault(FaultSpec.throttling("DescribeDtsJobDetail", 1));

    DtsCallException throttled = assertThrows(DtsCallException.class, () -> client.stop(JOB));

    assertEquals(DtsFailures.THROTTLED, throttled.type());
    assertEquals(
        1.0, count("cutover_dts_throttles_total", Map.of("action", "DescribeDtsJobDetail")));
    assertTrue(
        metrics.scrape().lines().noneMatch(l -> l.contains("StopDtsJob")),
        "no StopDtsJob was sent, and none is counted:\n" + metrics.scrape());
    assertTrue(simulator.calls("StopDtsJob").isEmpty());
  }

  @Test
  void aThrottleInTheAnswerBodyIsCountedOnceUnderItsAction() {
    simulator.addFault(
        FaultSpec.bodyError("DescribeDtsJobs", "Throttling.User", "Request was denied", 1));

    DtsCallException throttled =
        assertThrows(DtsCallException.class, () -> client.describeFullLoad(JOB));

    assertEquals(DtsFailures.THROTTLED, throttled.type());
    assertEquals(1.0, count("cutover_dts_throttles_total", Map.of("action", "DescribeDtsJobs")));
    assertEquals(
        1.0,
        count(
            "cutover_dts_calls_total",
            Map.of("action", "DescribeDtsJobs", "result", "DtsThrottled")));
  }

  @Test
  void countsTheFullLoadListCallAsDescribeDtsJobs() {
    assertEquals("Finished", client.describeFullLoad(JOB).rawStatus());

    assertEquals(
        1.0,
        count("cutover_dts_calls_total", Map.of("action", "DescribeDtsJobs", "result", "Success")));
  }
}
