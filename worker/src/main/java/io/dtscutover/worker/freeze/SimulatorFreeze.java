package io.dtscutover.worker.freeze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sim}: tells the DTS simulator that the source stopped (or resumed) writing, by {@code POST
 * {DTS_ENDPOINT}/_sim/jobs/{jobId}/writes} with {@code {"writing": false}} (freeze, and verify,
 * which re-asserts it) or {@code {"writing": true}} (unfreeze). The simulator answers {@code 200
 * {"jobId": .., "writing": ..}}, or 404 for a job it does not know. It keeps no counters, so the
 * proofs carry none. An https endpoint's certificate is verified by the JDK's default trust store.
 */
final class SimulatorFreeze implements SourceFreeze {
  static final String ENDPOINT_VARIABLE = "DTS_ENDPOINT";

  private static final Logger log = LoggerFactory.getLogger(SimulatorFreeze.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI endpoint;
  private final HttpClient http;

  SimulatorFreeze(String endpoint, HttpClient http) {
    if (endpoint == null || endpoint.isBlank()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the sim freeze strategy needs the DTS simulator's address: set "
              + ENDPOINT_VARIABLE
              + " on the worker, for example http://127.0.0.1:18080",
          FreezeFailures.CONFIGURATION);
    }
    URI uri;
    try {
      uri = URI.create(endpoint.endsWith("/") ? endpoint : endpoint + "/");
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw ApplicationFailure.newNonRetryableFailure(
          ENDPOINT_VARIABLE + " must be an http:// or https:// address (got " + endpoint + ")",
          FreezeFailures.CONFIGURATION);
    }
    this.endpoint = uri;
    this.http = http;
  }

  @Override
  public FreezeReceipt prepare(FreezeSpec spec) {
    if (spec.job() == null || spec.job().jobId() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the sim freeze strategy needs the DTS job id in the freeze spec",
          FreezeFailures.CONFIGURATION);
    }
    return new FreezeReceipt(spec, Instant.now(), Map.of(), List.of(), List.of());
  }

  @Override
  public FreezeProof freeze(FreezeReceipt receipt) {
    return proof(post(receipt, false, false));
  }

  @Override
  public FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline) {
    return proof(post(receipt, false, false));
  }

  @Override
  public void unfreeze(FreezeReceipt receipt) {
    post(receipt, true, true);
  }

  private static FreezeProof proof(String check) {
    return new FreezeProof(Instant.now(), Map.of(), List.of(check));
  }

  /** Posts the writing flag; returns the check it proves. */
  private String post(FreezeReceipt receipt, boolean writing, boolean unknownJobIsDone) {
    String jobId = receipt.spec().job().jobId();
    URI uri =
        endpoint.resolve(
            "_sim/jobs/" + URLEncoder.encode(jobId, StandardCharsets.UTF_8) + "/writes");
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"writing\": " + writing + "}"))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "cannot reach the DTS simulator at " + uri + ": " + e, DatabaseFailures.UNAVAILABLE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure(
          "interrupted while calling the DTS simulator", DatabaseFailures.UNAVAILABLE);
    }
    if (response.statusCode() == 404) {
      if (unknownJobIsDone) {
        log.info("DTS simulator has no job {}: nothing to unfreeze", jobId);
        return "the simulator has no job " + jobId;
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "the DTS simulator at " + endpoint + " has no job " + jobId + ": check the job id",
          FreezeFailures.TARGET_UNKNOWN);
    }
    if (response.statusCode() != 200) {
      throw ApplicationFailure.newFailure(
          "the DTS simulator answered " + response.statusCode() + " to " + uri,
          DatabaseFailures.UNAVAILABLE);
    }
    boolean reported;
    try {
      JsonNode body = JSON.readTree(response.body());
      reported = body.path("writing").asBoolean(!writing);
    } catch (IOException e) {
      reported = !writing;
    }
    if (reported != writing) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the DTS simulator did not confirm writing=" + writing + " for job " + jobId,
          FreezeFailures.NOT_HELD);
    }
    log.info("DTS simulator: job {} writing={}", jobId, writing);
    return "the DTS simulator reports writing=" + writing + " for job " + jobId;
  }
}
