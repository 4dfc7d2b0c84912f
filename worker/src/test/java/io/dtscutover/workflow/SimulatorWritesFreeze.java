package io.dtscutover.workflow;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A test-only freeze that tells the DTS simulator the source's writes stopped (and resumed), over
 * the same control endpoint the {@code sim} strategy uses: {@code POST /_sim/jobs/{id}/writes}.
 */
final class SimulatorWritesFreeze implements WriteFreezeActivities {
  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  SimulatorWritesFreeze(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  @Override
  public FreezeReceipt prepare(FreezeSpec spec) {
    return new FreezeReceipt(spec, Instant.now(), Map.of("writing", "true"), List.of(), List.of());
  }

  @Override
  public FreezeProof freeze(FreezeReceipt receipt) {
    setWriting(receipt, false);
    return new FreezeProof(Instant.now(), Map.of(), List.of("simulator writes stopped"));
  }

  @Override
  public FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline) {
    return new FreezeProof(Instant.now(), Map.of(), List.of("simulator still frozen"));
  }

  @Override
  public void unfreeze(FreezeReceipt receipt) {
    setWriting(receipt, true);
  }

  private void setWriting(FreezeReceipt receipt, boolean writing) {
    String jobId = receipt.spec().job().jobId();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/_sim/jobs/" + jobId + "/writes"))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"writing\": " + writing + "}"))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw ApplicationFailure.newNonRetryableFailure(
            "simulator refused writes=" + writing + ": " + response.body(),
            FreezeFailures.TARGET_UNKNOWN);
      }
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("simulator unreachable: " + e, "SimulatorUnreachable");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted", "SimulatorUnreachable");
    }
  }
}
