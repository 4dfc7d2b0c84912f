package io.dtscutover.worker.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Where notifications go: a webhook URL, validated once at worker start. Webhook URLs carry their
 * secret in the path (Slack's {@code /services/T…/B…/token}), so the only printable form is {@link
 * #redacted()}: scheme, host and port. {@link #toString()} is that form too, so a stray log line
 * cannot leak the token.
 */
public final class WebhookEndpoint {
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final URI uri;
  private final String redacted;

  private WebhookEndpoint(URI uri) {
    this.uri = uri;
    this.redacted =
        uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
  }

  /**
   * Parses {@code value} from the variable {@code variable}. Accepts https URLs, and http only for
   * loopback hosts (local relays and tests): a webhook's token must not cross a network in clear.
   *
   * @throws IllegalArgumentException naming the variable and the fix; the message never repeats the
   *     URL's path or query
   */
  public static WebhookEndpoint parse(String variable, String value) {
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          variable
              + " is not a valid URL: set it to the full webhook URL, like https://hooks.slack.com/services/...");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(
          variable
              + " must be an absolute https URL with a host, like https://hooks.slack.com/services/...");
    }
    if (scheme.equals("http") && !LOOPBACK.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          variable
              + " must use https (http://"
              + uri.getHost()
              + " would send the webhook's token in clear; http is accepted only for localhost)");
    }
    if (uri.getUserInfo() != null) {
      throw new IllegalArgumentException(
          variable
              + " must not carry user:password@; put the token in the URL path as the webhook provider issues it");
    }
    return new WebhookEndpoint(uri);
  }

  /** The full URL, secret path included: only for sending, never for printing. */
  URI uri() {
    return uri;
  }

  /** Scheme, host and port: safe to log. */
  public String redacted() {
    return redacted;
  }

  /** Removes the URL (and its path) from {@code text}, for messages that came from elsewhere. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String scrubbed = text.replace(uri.toString(), redacted);
    String path = uri.getRawPath();
    return path == null || path.length() <= 1 ? scrubbed : scrubbed.replace(path, "/…");
  }

  @Override
  public String toString() {
    return redacted;
  }
}
