package io.dtscutover.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.temporal.failure.ApplicationFailure;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A webhook with a certificate nobody vouches for never receives the notification. */
class UntrustedWebhookTlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir Path dir;

  @Test
  void refusesASelfSignedCertificate() throws Exception {
    AtomicInteger received = new AtomicInteger();
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext(selfSigned())));
    server.createContext(
        "/",
        exchange -> {
          received.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      NotificationActivitiesImpl notifications =
          NotificationActivitiesImpl.fromEnvironment(
              Map.of(
                  NotificationActivitiesImpl.WEBHOOK_URL,
                  "https://localhost:" + server.getAddress().getPort() + "/hook/secretTOKEN"));

      ApplicationFailure failure =
          assertThrows(
              ApplicationFailure.class,
              () ->
                  notifications.notify(
                      new CutoverNotification(
                          NotificationKind.COMPLETED,
                          "cutover-cn-hangzhou-dtsjob01",
                          "dtsjob01",
                          "cn-hangzhou",
                          "COMPLETED",
                          null,
                          "done",
                          null,
                          null,
                          Instant.now())));

      assertTrue(
          failure.getOriginalMessage().contains("SSLHandshakeException"), failure.getMessage());
      assertFalse(failure.getOriginalMessage().contains("secretTOKEN"));
      assertEquals(0, received.get(), "nothing may reach an unverified host");
    } finally {
      server.stop(0);
    }
  }

  private KeyStore selfSigned() throws Exception {
    Path store = dir.resolve("webhook.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "webhook",
                "-keyalg",
                "EC",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                new String(PASSWORD))
            .redirectErrorStream(true)
            .start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
    assertEquals(0, keytool.exitValue(), "keytool failed: " + output);
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
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
}
