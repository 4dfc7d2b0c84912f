package io.dtscutover.worker.metrics;

import java.util.Locale;
import java.util.Map;

/**
 * Where the worker serves {@code /metrics} and {@code /healthz}: {@code CUTOVER_METRICS_PORT}
 * (default {@value #DEFAULT_PORT}, Prometheus' port for Java exporters; {@code 0} picks a free one;
 * {@code off} serves nothing).
 *
 * @param port the TCP port, 0 for any free one
 * @param enabled false when {@code off}
 */
public record MetricsSettings(int port, boolean enabled) {
  /** The variable that sets the port. */
  public static final String PORT = "CUTOVER_METRICS_PORT";

  public static final int DEFAULT_PORT = 9464;

  /**
   * Reads {@code CUTOVER_METRICS_PORT}.
   *
   * @throws IllegalArgumentException naming the variable and what it accepts
   */
  public static MetricsSettings fromEnvironment(Map<String, String> env) {
    String value = env.get(PORT);
    if (value == null || value.isBlank()) {
      return new MetricsSettings(DEFAULT_PORT, true);
    }
    String trimmed = value.trim();
    if (trimmed.toLowerCase(Locale.ROOT).equals("off")) {
      return new MetricsSettings(0, false);
    }
    try {
      int port = Integer.parseInt(trimmed);
      if (port >= 0 && port <= 65535) {
        return new MetricsSettings(port, true);
      }
    } catch (NumberFormatException e) {
      // falls through to the explanation below
    }
    throw new IllegalArgumentException(
        PORT
            + " must be a TCP port from 0 to 65535, or off (got '"
            + trimmed
            + "'); the default is "
            + DEFAULT_PORT);
  }
}
