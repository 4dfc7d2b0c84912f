package io.dtscutover.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's own behaviour: control endpoints, lag dynamics on a manual clock, refusals of
 * unsigned DTS calls, scenario validation. The DTS API itself is exercised with the real Alibaba
 * SDK in the worker's tests.
 */
class DtsSimulatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private DtsSimulator simulator;

  @TempDir Path dir;

  @AfterEach
  void stop() {
    if (simulator != null) {
      simulator.close();
    }
  }

  private DtsSimulator start(JobSpec... jobs) {
    simulator = DtsSimulator.builder(Scenario.of("ak", "secret", jobs)).clock(clock).start();
    return simulator;
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> delete(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void writesEndpointStopsAndResumesSourceWrites() throws Exception {
    start(JobSpec.incremental("job1", "cn-hangzhou").withLag(2000, 100, 1000));

    HttpResponse<String> stopped = post("/_sim/jobs/job1/writes", "{\"writing\": false}");

    assertEquals(200, stopped.statusCode());
    JsonNode answer = JSON.readTree(stopped.body());
    assertEquals("job1", answer.get("jobId").asText());
    assertFalse(answer.get("writing").asBoolean());
    clock.advance(Duration.ofSeconds(2));
    assertEquals(0L, simulator.delayMillis("job1"));

    assertTrue(
        JSON.readTree(post("/_sim/jobs/job1/writes", "{\"writing\": true}").body())
            .get("writing")
            .asBoolean());
    clock.advance(Duration.ofSeconds(10));
    assertEquals(1000L, simulator.delayMillis("job1"), "lag grows again while written");
  }

  @Test
  void writesEndpointRejectsUnknownJobsAndBadBodies() throws Exception {
    start(JobSpec.incremental("job1", "cn-hangzhou"));

    HttpResponse<String> unknown = post("/_sim/jobs/nope/writes", "{\"writing\": false}");
    assertEquals(404, unknown.statusCode());
    assertTrue(JSON.readTree(unknown.body()).get("error").asText().contains("nope"));

    HttpResponse<String> bad = post("/_sim/jobs/job1/writes", "{\"writing\": \"no\"}");
    assertEquals(400, bad.statusCode());
    assertTrue(simulator.calls().stream().noneMatch(c -> c.action().contains("writes")));
  }

  @Test
  void controlViewShowsCatchUp() throws Exception {
    start(JobSpec.incremental("job1", "cn-hangzhou").withLag(1500, 0, 500).withWriting(false));

    JsonNode before = JSON.readTree(get("/_sim/jobs/job1").body());
    assertEquals("Migrating", before.get("incrementalStatus").asText());
    assertEquals(1500, before.get("delayMillis").asLong());

    clock.advance(Duration.ofSeconds(3));
    JsonNode after = JSON.readTree(get("/_sim/jobs/job1").body());
    assertEquals("Catched", after.get("incrementalStatus").asText());
    assertEquals(0, after.get("delayMillis").asLong());
    assertEquals(1, JSON.readTree(get("/_sim/jobs").body()).size());
  }

  @Test
  void lagNeverExceedsItsCapAndFullLoadComesFirst() {
    start(
        new JobSpec(
            "job1",
            "cn-hangzhou",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            10_000L,
            0L,
            1000L,
            null,
            5000L,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null));

    assertNull(simulator.delayMillis("job1"), "no delay during full load");
    clock.advance(Duration.ofSeconds(12));
    assertEquals(2000L, simulator.delayMillis("job1"), "lag only grows once incremental runs");
    clock.advance(Duration.ofMinutes(5));
    assertEquals(5000L, simulator.delayMillis("job1"));
  }

  @Test
  void unsignedDtsCallsAreRefused() throws Exception {
    start(JobSpec.incremental("job1", "cn-hangzhou"));

    HttpResponse<String> answer =
        post("/?Action=DescribeDtsJobDetail&RegionId=cn-hangzhou&DtsJobId=job1", "");

    assertEquals(403, answer.statusCode());
    JsonNode body = JSON.readTree(answer.body());
    assertEquals("MissingAuthorization", body.get("Code").asText());
    assertTrue(body.hasNonNull("RequestId"));
    SimCall call = simulator.calls().get(0);
    assertEquals("DescribeDtsJobDetail", call.action());
    assertEquals(403, call.httpStatus());
    assertNull(call.accessKeyId());
  }

  @Test
  void forgedAcs3SignatureIsRefused() throws Exception {
    start(JobSpec.incremental("job1", "cn-hangzhou"));

    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(simulator.baseUrl() + "/?RegionId=cn-hangzhou&DtsJobId=job1"))
                .header("x-acs-action", "StopDtsJob")
                .header(
                    "Authorization",
                    "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-action,Signature="
                        + "00".repeat(32))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(403, answer.statusCode());
    assertEquals("SignatureDoesNotMatch", JSON.readTree(answer.body()).get("Code").asText());
    assertEquals("Migrating", simulator.status("job1"), "a refused call changes nothing");
  }

  @Test
  void callLogAndFaultsAreReachableOverHttp() throws Exception {
    start(JobSpec.incremental("job1", "cn-hangzhou"));
    post("/_sim/jobs/job1/writes", "{\"writing\": false}");

    JsonNode calls = JSON.readTree(get("/_sim/calls").body());
    assertEquals(1, calls.size());
    assertEquals("/_sim/jobs/job1/writes", calls.get(0).get("action").asText());
    assertEquals(200, delete("/_sim/calls").statusCode());
    assertEquals(0, JSON.readTree(get("/_sim/calls").body()).size());

    HttpResponse<String> added =
        post(
            "/_sim/faults", "{\"kind\": \"THROTTLING\", \"action\": \"StopDtsJob\", \"times\": 2}");
    assertEquals(200, added.statusCode());
    assertEquals(1, JSON.readTree(get("/_sim/faults").body()).size());
    assertEquals(400, post("/_sim/faults", "{\"kind\": \"EARTHQUAKE\"}").statusCode());
    assertEquals(200, delete("/_sim/faults").statusCode());
    assertEquals(0, JSON.readTree(get("/_sim/faults").body()).size());
    assertEquals(404, get("/_sim/nothing").statusCode());
  }

  @Test
  void tokensCanBeExpiredOverHttp() throws Exception {
    start(JobSpec.incremental("job1", "cn-hangzhou"));

    assertEquals(200, post("/_sim/tokens/expired", "{\"token\": \"sts-1\"}").statusCode());
    assertEquals(400, post("/_sim/tokens/expired", "{\"token\": \"\"}").statusCode());
    assertEquals(400, post("/_sim/tokens/expired", "not json").statusCode());
  }

  @Test
  void aStoppingTaskShowsItsStoppingStatusAndRefusesAnotherStop() {
    SimulatedJob job =
        new SimulatedJob(
            JobSpec.incremental("j", "r").withStopDelayMillis(4000).withStoppingStatus("Stopping"),
            clock.instant());

    assertTrue(job.stop(clock.instant()));
    assertEquals("Stopping", job.status());
    assertEquals("Stopping", job.detail("ms").get("Status"));
    assertFalse(job.stop(clock.instant()), "a stop already taking effect is refused");
    clock.advance(Duration.ofSeconds(4));
    job.advanceTo(clock.instant());
    assertEquals("Finished", job.status());
  }

  @Test
  void aTaskThatFailsDuringItsFullLoadListsTheFullLoadAsFailed() {
    SimulatedJob failed =
        new SimulatedJob(
            JobSpec.incremental("j", "r").withStatus("Failed").withFullLoadMillis(60_000),
            clock.instant());
    SimulatedJob loading =
        new SimulatedJob(JobSpec.incremental("k", "r").withFullLoadMillis(60_000), clock.instant());

    assertEquals(
        java.util.Map.of("Status", "Failed"),
        failed.listItem("ms").get("DataInitializationStatus"));
    assertEquals(
        java.util.Map.of("Status", "Migrating"),
        loading.listItem("ms").get("DataInitializationStatus"));
  }

  @Test
  void aRawDelayIsAnsweredVerbatim() {
    SimulatedJob job =
        new SimulatedJob(JobSpec.incremental("j", "r").withRawDelay("-1"), clock.instant());
    assertEquals(new java.math.BigInteger("-1"), job.detail("ms").get("Delay"));
    job.setRawDelay("abc");
    assertEquals("abc", job.detail("s").get("Delay"));
    job.setRawDelay(null);
    assertEquals(0L, job.detail("ms").get("Delay"));
  }

  @Test
  void stopTakesEffectAfterItsDelay() {
    SimulatedJob job =
        new SimulatedJob(JobSpec.incremental("j", "r").withStopDelayMillis(4000), clock.instant());

    assertTrue(job.stop(clock.instant()));
    assertEquals("Migrating", job.status());
    clock.advance(Duration.ofSeconds(4));
    job.advanceTo(clock.instant());
    assertEquals("Finished", job.status());
    assertFalse(job.stop(clock.instant()), "a Finished task cannot be stopped again");
  }

  @Test
  void demoScenarioDrainsWithinTenToTwentySecondsOnceWritesStop() {
    simulator = DtsSimulator.builder(Scenario.resource("scenarios/demo.json")).clock(clock).start();
    assertTrue(simulator.delayMillis("dtsdemo01") > 0);

    simulator.setWriting("dtsdemo01", false);
    clock.advance(Duration.ofSeconds(10));
    assertTrue(simulator.delayMillis("dtsdemo01") > 0, "not caught up too soon for a demo");
    clock.advance(Duration.ofSeconds(10));
    assertEquals(0L, simulator.delayMillis("dtsdemo01"));
  }

  @Test
  void commandLineStartsTheDemoOrSaysWhatIsWrong() {
    simulator = DtsSimulator.fromArguments("--port", "0");
    assertTrue(simulator.exists("dtsdemo01"));
    assertTrue(simulator.baseUrl().startsWith("http://127.0.0.1:"));

    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> DtsSimulator.fromArguments("--bogus"))
            .getMessage()
            .contains("--bogus"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> DtsSimulator.fromArguments("--port"))
            .getMessage()
            .contains("needs a value"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> DtsSimulator.fromArguments("--scenario", dir.resolve("none.json").toString()))
            .getMessage()
            .contains("none.json"));
  }

  @Test
  void scenarioProblemsAreNamed() throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(
        file,
        "{\"delayUnit\": \"minutes\", \"jobs\": [{\"jobId\": \"a\"}, {\"jobId\": \"a\","
            + " \"regionId\": \"cn-hangzhou\", \"lagMillis\": -1}]}");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Scenario.load(file));

    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("accessKeys is required"));
    assertTrue(e.getMessage().contains("delayUnit must be ms or s"));
    assertTrue(e.getMessage().contains("jobs[0].regionId is required"));
    assertTrue(e.getMessage().contains("jobs[1].jobId a appears twice"));
    assertTrue(e.getMessage().contains("jobs[1].lagMillis must be zero or more"));
  }

  @Test
  void dataChecksAreReadFromTheScenarioAndTheirProblemsNamed() throws IOException {
    Path good = dir.resolve("checks.json");
    Files.writeString(
        good,
        "{\"accessKeys\": {\"a\": \"b\"}, \"jobs\": [{\"jobId\": \"j\", \"regionId\":"
            + " \"cn-hangzhou\", \"dataChecks\": [{\"check\": \"full\", \"database\": \"shop\","
            + " \"table\": \"orders\", \"diffCount\": 2}]}]}");
    assertEquals(
        List.of(new DataCheckSpec("full", "shop", "orders", null, 2L, null)),
        Scenario.load(good).jobs().get(0).dataChecks());

    Path bad = dir.resolve("bad-checks.json");
    Files.writeString(
        bad,
        "{\"accessKeys\": {\"a\": \"b\"}, \"jobs\": [{\"jobId\": \"j\", \"regionId\":"
            + " \"cn-hangzhou\", \"dataChecks\": [{\"check\": \"quick\", \"diffCount\": -1}]}]}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Scenario.load(bad));
    assertTrue(
        e.getMessage().contains("jobs[0].dataChecks[0].check must be full or incremental"),
        e.getMessage());
    assertTrue(e.getMessage().contains("jobs[0].dataChecks[0].table is required"));
    assertTrue(e.getMessage().contains("jobs[0].dataChecks[0].diffCount must be zero or more"));
  }

  @Test
  void misspelledScenarioFieldIsRejected() throws IOException {
    Path file = dir.resolve("typo.json");
    Files.writeString(file, "{\"accessKeys\": {\"a\": \"b\"}, \"jobz\": []}");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Scenario.load(file));

    assertTrue(e.getMessage().contains("jobz"), e.getMessage());
  }

  @Test
  void markerReplicationProblemsAreNamed() throws IOException {
    Path file = dir.resolve("replication.json");
    Files.writeString(
        file,
        "{\"accessKeys\": {\"a\": \"b\"}, \"jobs\": [{\"jobId\": \"j\", \"regionId\":"
            + " \"cn-hangzhou\"}], \"markerReplications\": [{\"jobId\": \"other\","
            + " \"sourceJdbcUrl\": \"postgres://x\", \"destinationJdbcUrl\":"
            + " \"jdbc:postgresql://127.0.0.1/d\", \"periodMillis\": 1}]}");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Scenario.load(file));

    assertTrue(
        e.getMessage().contains("markerReplications[0].jobId must name one of the scenario's jobs"),
        e.getMessage());
    assertTrue(e.getMessage().contains("markerReplications[0].sourceJdbcUrl must be"));
    assertTrue(e.getMessage().contains("markerReplications[0].periodMillis must be at least 10"));
  }

  @Test
  void replicationEndpointNeedsAReplicatedJob() throws Exception {
    start(JobSpec.incremental("job1", "cn-hangzhou"));

    HttpResponse<String> none = post("/_sim/jobs/job1/replication", "{\"replicating\": false}");

    assertEquals(400, none.statusCode());
    assertTrue(
        JSON.readTree(none.body()).get("error").asText().contains("no marker replication"),
        none.body());
    assertThrows(IllegalArgumentException.class, () -> simulator.setReplicating("job1", false));
  }
}
