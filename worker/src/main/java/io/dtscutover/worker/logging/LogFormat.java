package io.dtscutover.worker.logging;

import java.util.Locale;
import java.util.Map;

/** How the worker writes its log: lines for people, or one JSON object per line for machines. */
public enum LogFormat {
  /** Human-readable lines (the default). */
  TEXT("worker-text.xml"),
  /** One JSON object per line (Logstash layout: {@code @timestamp}, {@code message}, MDC). */
  JSON("worker-json.xml");

  /** The variable that chooses the format. */
  public static final String VARIABLE = "CUTOVER_LOG_FORMAT";

  private final String configuration;

  LogFormat(String configuration) {
    this.configuration = configuration;
  }

  /** The Logback configuration resource for this format. */
  String configurationResource() {
    return "/io/dtscutover/worker/logging/" + configuration;
  }

  /**
   * The format from {@code CUTOVER_LOG_FORMAT} ({@code text} or {@code json}, any case); text when
   * unset.
   *
   * @throws IllegalArgumentException naming the variable and the accepted values
   */
  public static LogFormat fromEnvironment(Map<String, String> env) {
    String value = env.get(VARIABLE);
    if (value == null || value.isBlank()) {
      return TEXT;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default ->
          throw new IllegalArgumentException(
              VARIABLE + " must be text or json (got '" + value.trim() + "')");
    };
  }
}
