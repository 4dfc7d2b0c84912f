package io.dtscutover.dts;

import static io.dtscutover.dts.SimulatedDts.ACCESS_KEY_ID;
import static io.dtscutover.dts.SimulatedDts.REGION;
import static io.dtscutover.dts.SimulatedDts.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter refuses an https endpoint whose certificate the JVM does not trust, even though the
 * Alibaba SDK's own default would accept it.
 */
class UntrustedTlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir Path dir;

  @Test
  void refusesAnEndpointWithASelfSignedCertificate() throws Exception {
    KeyStore keyStore = selfSignedKeyStore();
    try (DtsSimulator simulator =
        DtsSimulator.builder(
                Scenario.of(ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION)))
            .tls(serverContext(keyStore))
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
      HttpClient trusting = HttpClient.newBuilder().sslContext(trustingContext(keyStore)).build();
      HttpResponse<String> answer =
          trusting.send(
              HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/_sim/jobs")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode());
      assertTrue(answer.body().contains("job1"));
    }
  }

  private KeyStore selfSignedKeyStore() throws Exception {
    Path file = dir.resolve("simulator.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "simulator",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                new String(PASSWORD),
                "-keypass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
    assertEquals(0, process.exitValue(), "keytool failed: " + output);
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      keyStore.load(in, PASSWORD);
    }
    return keyStore;
  }

  private static SSLContext serverContext(KeyStore keyStore) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static SSLContext trustingContext(KeyStore keyStore) throws Exception {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keyStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
