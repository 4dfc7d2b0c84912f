package io.dtscutover.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts DTS OpenAPI calls by action and result, and the calls DTS throttled. Results are the
 * {@code DtsFailures} types (plus {@value #SUCCESS}), a short fixed list, so the number of series
 * stays small whatever DTS answers.
 *
 * <p>Prometheus: {@code cutover_dts_calls_total{action,result}} and {@code
 * cutover_dts_throttles_total{action}}.
 */
public final class DtsCallMetrics {
  public static final String CALLS = "cutover_dts_calls";
  public static final String THROTTLES = "cutover_dts_throttles";

  /** The result of a call that DTS answered with success. */
  public static final String SUCCESS = "Success";

  /** The {@code DtsFailures} type of a throttled call. */
  static final String THROTTLED = "DtsThrottled";

  private final MeterRegistry registry;

  DtsCallMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** One call of {@code action} (like {@code DescribeDtsJobDetail}) that succeeded. */
  public void succeeded(String action) {
    count(action, SUCCESS);
  }

  /** One call of {@code action} that failed with the {@code DtsFailures} type {@code type}. */
  public void failed(String action, String type) {
    count(action, type == null ? "Unclassified" : type);
    if (THROTTLED.equals(type)) {
      Counter.builder(THROTTLES)
          .description("DTS calls refused by DTS's rate limit")
          .tag("action", action)
          .register(registry)
          .increment();
    }
  }

  private void count(String action, String result) {
    Counter.builder(CALLS)
        .description("DTS OpenAPI calls by action and result")
        .tag("action", action)
        .tag("result", result)
        .register(registry)
        .increment();
  }
}
