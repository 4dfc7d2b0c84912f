package io.dtscutover.worker.dts;

import static io.dtscutover.worker.dts.SimulatedDts.ACCESS_KEY_ID;
import static io.dtscutover.worker.dts.SimulatedDts.REGION;
import static io.dtscutover.worker.dts.SimulatedDts.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.JobRef;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.worker.fixtures.SelfSignedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter refuses an https endpoint whose certificate the JVM does not trust, even though the
 * Alibaba SDK's own default would accept it.
 */
class UntrustedTlsTest {
  @TempDir Path dir;

  @Test
  void refusesAnEndpointWithASelfSignedCertificate() throws Exception {
    SelfSignedCertificate certificate =
        SelfSignedCertificate.generate(dir, "simulator", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
    try (DtsSimulator simulator =
        DtsSimulator.builder(
                Scenario.of(ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION)))
            .tls(certificate.serverContext())
            .start()) {
      Map<String, String> env = new HashMap<>();
      env.put(DtsSettings.ACCESS_KEY_ID, ACCESS_KEY_ID);
      env.put(DtsSettings.ACCESS_KEY_SECRET, SECRET);
      env.put(DtsSettings.ENDPOINT, simulator.baseUrl());
      AlibabaDtsClient client = new AlibabaDtsClient(DtsSettings.fromEnvironment(env));

      DtsCallException e =
          assertThrows(DtsCallException.class, () -> client.describe(JobRef.of(REGION, "job1")));

      assertEquals(DtsFailures.CONFIGURATION, e.type());
      assertFalse(e.retryable(), "an untrusted certificate is not a passing problem");
      assertTrue(e.getMessage().contains("TLS certificate"), e.getMessage());
      assertTrue(simulator.calls().isEmpty(), "no request may reach an unverified server");

      // Control: a client that does trust this certificate gets through, so the refusal above
      // was about trust and nothing else.
      HttpClient trusting =
          HttpClient.newBuilder().sslContext(certificate.trustingContext()).build();
      HttpResponse<String> answer =
          trusting.send(
              HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/_sim/jobs")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode());
      assertTrue(answer.body().contains("job1"));
    }
  }
}
