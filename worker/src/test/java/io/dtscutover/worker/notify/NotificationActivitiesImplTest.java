package io.dtscutover.worker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationKind;
import io.dtscutover.worker.fixtures.WebhookReceiver;
import io.temporal.failure.ApplicationFailure;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class NotificationActivitiesImplTest {
  private static final String SECRET_PATH = "/services/T000/B000/XyZsecretTOKEN";
  private static final Instant AT = Instant.parse("2026-11-24T03:00:00Z");
  private static final Instant DEADLINE = Instant.parse("2026-11-24T04:00:00Z");

  private final WebhookReceiver webhook = new WebhookReceiver();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(NotificationActivitiesImpl.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logs);
    webhook.close();
  }

  private static CutoverNotification gateWaiting() {
    return new CutoverNotification(
        NotificationKind.GATE_WAITING,
        "cutover-cn-hangzhou-dtsjob01",
        "dtsjob01",
        "cn-hangzhou",
        "GATE_FREEZE",
        "freeze",
        "Cutover of dtsjob01 waits for approval of the freeze gate until " + DEADLINE,
        "cutover approve --job-id dtsjob01 --region cn-hangzhou --gate freeze --as YOUR_NAME",
        DEADLINE,
        AT);
  }

  private NotificationActivitiesImpl configured() {
    return NotificationActivitiesImpl.fromEnvironment(
        Map.of(NotificationActivitiesImpl.WEBHOOK_URL, webhook.url(SECRET_PATH)));
  }

  @Test
  void postsSlackCompatibleTextWithTheCommandAndTheStructuredFields() {
    configured().notify(gateWaiting());

    WebhookReceiver.Post post = webhook.posts().get(0);
    assertEquals("POST", post.method());
    assertEquals(SECRET_PATH, post.path());
    assertTrue(post.contentType().startsWith("application/json"), post.contentType());
    assertEquals(
        "Cutover of dtsjob01 waits for approval of the freeze gate until "
            + DEADLINE
            + "\nRun: `cutover approve --job-id dtsjob01 --region cn-hangzhou --gate freeze --as"
            + " YOUR_NAME`",
        post.body().get("text").asText());
    assertEquals("GATE_WAITING", post.body().get("kind").asText());
    assertEquals("cutover-cn-hangzhou-dtsjob01", post.body().get("workflowId").asText());
    assertEquals("dtsjob01", post.body().get("jobId").asText());
    assertEquals("cn-hangzhou", post.body().get("regionId").asText());
    assertEquals("GATE_FREEZE", post.body().get("phase").asText());
    assertEquals("freeze", post.body().get("gate").asText());
    assertEquals(DEADLINE.toString(), post.body().get("deadline").asText());
    assertEquals(AT.toString(), post.body().get("at").asText());
  }

  @Test
  void leavesAbsentFieldsOutOfTheBody() {
    configured()
        .notify(
            new CutoverNotification(
                NotificationKind.COMPLETED,
                "cutover-cn-hangzhou-dtsjob01",
                "dtsjob01",
                "cn-hangzhou",
                "COMPLETED",
                null,
                "Cutover of dtsjob01 in cn-hangzhou COMPLETED: the task was stopped",
                null,
                null,
                AT));

    var body = webhook.posts().get(0).body();
    assertEquals(
        "Cutover of dtsjob01 in cn-hangzhou COMPLETED: the task was stopped",
        body.get("text").asText());
    assertNull(body.get("command"));
    assertNull(body.get("gate"));
    assertNull(body.get("deadline"));
  }

  @Test
  void withoutAUrlDoesNothing() {
    NotificationActivitiesImpl unconfigured =
        NotificationActivitiesImpl.fromEnvironment(
            Map.of(NotificationActivitiesImpl.WEBHOOK_URL, "  "));

    unconfigured.notify(gateWaiting());

    assertTrue(webhook.posts().isEmpty());
  }

  @Test
  void aNon2xxAnswerFailsRetryablyWithTheReasonButNotTheSecretPath() {
    webhook.answer(404, "no_service: " + SECRET_PATH);

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> configured().notify(gateWaiting()));

    assertFalse(failure.isNonRetryable(), "Temporal must retry a failed post");
    assertEquals(NotificationActivitiesImpl.WEBHOOK_FAILED, failure.getType());
    assertTrue(failure.getOriginalMessage().contains("HTTP 404"), failure.getOriginalMessage());
    assertTrue(failure.getOriginalMessage().contains("no_service"), failure.getOriginalMessage());
    assertFalse(failure.getOriginalMessage().contains("XyZsecretTOKEN"), failure.getMessage());
  }

  @Test
  void anUnreachableWebhookFailsRetryablyNamingOnlyTheHost() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    NotificationActivitiesImpl notifications =
        NotificationActivitiesImpl.fromEnvironment(
            Map.of(
                NotificationActivitiesImpl.WEBHOOK_URL,
                "http://127.0.0.1:" + closedPort + SECRET_PATH));

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> notifications.notify(gateWaiting()));

    assertFalse(failure.isNonRetryable());
    assertTrue(
        failure.getOriginalMessage().startsWith("webhook http://127.0.0.1:" + closedPort + " "),
        failure.getOriginalMessage());
    assertFalse(failure.getOriginalMessage().contains("XyZsecretTOKEN"));
  }

  @Test
  void logsOnlySchemeAndHost() {
    configured().notify(gateWaiting());

    assertFalse(logs.list.isEmpty(), "a sent notification is logged");
    for (ILoggingEvent event : logs.list) {
      assertFalse(
          event.getFormattedMessage().contains("XyZsecretTOKEN"), event.getFormattedMessage());
    }
    assertTrue(
        logs.list.stream()
            .anyMatch(e -> e.getFormattedMessage().contains(webhook.url("").replaceAll("/$", ""))));
  }

  @Test
  void refusesAClearTextUrlToARemoteHostWithoutEchoingTheToken() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                NotificationActivitiesImpl.fromEnvironment(
                    Map.of(
                        NotificationActivitiesImpl.WEBHOOK_URL,
                        "http://hooks.example.com" + SECRET_PATH)));

    assertTrue(refused.getMessage().startsWith("CUTOVER_WEBHOOK_URL must use https"));
    assertFalse(refused.getMessage().contains("XyZsecretTOKEN"));
  }

  @Test
  void refusesSomethingThatIsNotAUrl() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                NotificationActivitiesImpl.fromEnvironment(
                    Map.of(NotificationActivitiesImpl.WEBHOOK_URL, "hooks.slack.com/services/x")));

    assertTrue(refused.getMessage().contains("CUTOVER_WEBHOOK_URL"), refused.getMessage());
    assertTrue(refused.getMessage().contains("https://"), refused.getMessage());
  }

  @Test
  void redactsTheUrlWhenPrinted() {
    WebhookEndpoint endpoint =
        WebhookEndpoint.parse("CUTOVER_WEBHOOK_URL", "https://hooks.slack.com" + SECRET_PATH);

    assertEquals("https://hooks.slack.com", endpoint.toString());
    assertEquals("https://hooks.slack.com", endpoint.redacted());
  }
}
