package io.dtscutover.worker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationKind;
import io.dtscutover.worker.fixtures.SelfSignedCertificate;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A webhook with a certificate nobody vouches for never receives the notification. */
class UntrustedWebhookTlsTest {
  @TempDir Path dir;

  @Test
  void refusesASelfSignedCertificate() throws Exception {
    AtomicInteger received = new AtomicInteger();
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    SelfSignedCertificate certificate =
        SelfSignedCertificate.generate(
            dir, "webhook", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
    server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
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
}
