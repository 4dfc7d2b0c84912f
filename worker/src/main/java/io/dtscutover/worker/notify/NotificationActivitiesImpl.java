package io.dtscutover.worker.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each notification as JSON to the webhook in {@code CUTOVER_WEBHOOK_URL} (Slack-compatible
 * {@code text} plus the structured fields of {@link WebhookPayload}); without a URL it does
 * nothing.
 *
 * <p>Delivery fails with a retryable {@link ApplicationFailure} on a non-2xx answer or a network
 * error, so Temporal retries it the few times the workflow allows; the workflow never waits on it
 * to go on. TLS certificates and host names are verified (the JDK's default trust store), redirects
 * are not followed (they would carry the body elsewhere), and the URL's secret path never appears
 * in a log line or a failure message: only scheme and host do.
 */
public final class NotificationActivitiesImpl implements NotificationActivities {
  /** The variable that names the webhook. */
  public static final String WEBHOOK_URL = "CUTOVER_WEBHOOK_URL";

  /** Failure type of a post that did not get a 2xx answer. */
  public static final String WEBHOOK_FAILED = "WebhookFailed";

  /** Connecting takes a moment; longer means the host is unreachable. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Under the activity's 10 s start-to-close timeout, so a slow hook fails as itself. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);

  private static final Logger log = LoggerFactory.getLogger(NotificationActivitiesImpl.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Optional<WebhookEndpoint> endpoint;
  private final HttpClient http;

  /** Posts to {@code endpoint}, or does nothing when it is empty. */
  public NotificationActivitiesImpl(Optional<WebhookEndpoint> endpoint) {
    this.endpoint = endpoint;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Configured from {@code CUTOVER_WEBHOOK_URL}; unset or blank means no notifications.
   *
   * @throws IllegalArgumentException naming the variable when the URL is not usable
   */
  public static NotificationActivitiesImpl fromEnvironment(Map<String, String> env) {
    String url = env.get(WEBHOOK_URL);
    if (url == null || url.isBlank()) {
      return new NotificationActivitiesImpl(Optional.empty());
    }
    return new NotificationActivitiesImpl(Optional.of(WebhookEndpoint.parse(WEBHOOK_URL, url)));
  }

  @Override
  public void notify(CutoverNotification notification) {
    if (endpoint.isEmpty()) {
      log.debug("{} not sent: {} is not set", notification.kind(), WEBHOOK_URL);
      return;
    }
    WebhookEndpoint hook = endpoint.get();
    HttpRequest request =
        HttpRequest.newBuilder(hook.uri())
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "dts-cutover")
            .POST(HttpRequest.BodyPublishers.ofString(body(notification)))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw ApplicationFailure.newFailure(
          "webhook "
              + hook.redacted()
              + " unreachable ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + hook.scrub(e.getMessage()))
              + ")",
          WEBHOOK_FAILED);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure(
          "interrupted while posting to webhook " + hook.redacted(), WEBHOOK_FAILED);
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      throw ApplicationFailure.newFailure(
          "webhook " + hook.redacted() + " answered HTTP " + status + excerpt(response.body()),
          WEBHOOK_FAILED);
    }
    log.info("{} notification sent to {}", notification.kind(), hook.redacted());
  }

  private static String body(CutoverNotification notification) {
    try {
      return JSON.writeValueAsString(WebhookPayload.of(notification));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a webhook payload", e);
    }
  }

  /** The start of an error body (Slack says why: {@code invalid_token}, {@code no_text}). */
  private String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    String safe = endpoint.map(hook -> hook.scrub(oneLine)).orElse(oneLine);
    return ": " + (safe.length() > 200 ? safe.substring(0, 200) + "…" : safe);
  }
}
