package io.dtscutover.metrics;

import io.dtscutover.dts.DtsCallObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts DTS OpenAPI requests by action and result, as {@link io.dtscutover.dts.AlibabaDtsClient}
 * sends them (a stop's preliminary describe counts as a describe), and the calls DTS throttled.
 * Results are the {@code DtsFailures} types (plus {@value #SUCCESS}), a short fixed list, so the
 * number of series stays small whatever DTS answers.
 *
 * <p>Prometheus: {@code cutover_dts_calls_total{action,result}} and {@code
 * cutover_dts_throttles_total{action}}.
 */
public final class DtsCallMetrics implements DtsCallObserver {
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
  @Override
  public void succeeded(String action) {
    count(action, SUCCESS);
  }

  /** One call of {@code action} that failed with the {@code DtsFailures} type {@code type}. */
  @Override
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
