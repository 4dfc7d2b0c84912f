package io.dtscutover.worker.metrics;

import io.dtscutover.worker.dts.DtsCallObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Counts DTS OpenAPI requests by action and result, as {@link
 * io.dtscutover.worker.dts.AlibabaDtsClient} sends them (a stop's preliminary describe counts as a
 * describe), and the calls DTS throttled. Results are the {@code DtsFailures} types (plus {@value
 * #SUCCESS}), a short fixed list, so the number of series stays small whatever DTS answers.
 *
 * <p>Prometheus: {@code cutover_dts_calls_total{action,result}}, {@code
 * cutover_dts_throttles_total{action}} (one per HTTP call DTS refused on its rate limit, counted
 * where the call is made, whichever step made it), {@code
 * cutover_dts_read_interval_seconds{region}} (how often the waiting tasks of a region are really
 * read) and {@code cutover_dts_read_interval_stretched_total{region}} (reading cycles that could
 * not keep the poll interval asked for), {@code cutover_dts_stop_queue{region}} (held quiet windows
 * waiting for the region's stop budget), {@code cutover_dts_stop_queue_wait_seconds{region}} (a
 * summary of how long each waited) and {@code cutover_temporal_behind} (1 while the Temporal server
 * is behind on the worker's workflow tasks and the worker holds back held windows and new
 * cutovers).
 */
public final class DtsCallMetrics implements DtsCallObserver {
  public static final String CALLS = "cutover_dts_calls";
  public static final String THROTTLES = "cutover_dts_throttles";

  /** The result of a call that DTS answered with success. */
  public static final String SUCCESS = "Success";

  public static final String READ_INTERVAL = "cutover_dts_read_interval_seconds";
  public static final String STRETCHED = "cutover_dts_read_interval_stretched";
  public static final String STOP_QUEUE = "cutover_dts_stop_queue";
  public static final String STOP_QUEUE_WAIT = "cutover_dts_stop_queue_wait";
  public static final String TEMPORAL_BEHIND = "cutover_temporal_behind";

  private final MeterRegistry registry;
  private final Map<String, AtomicReference<Double>> intervals = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Double>> queues = new ConcurrentHashMap<>();

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
  }

  @Override
  public void throttled(String action, String regionId) {
    Counter.builder(THROTTLES)
        .description("DTS calls refused by DTS's rate limit")
        .tag("action", action)
        .register(registry)
        .increment();
  }

  @Override
  public void readInterval(String regionId, Duration effective, boolean requestedMet) {
    regionGauge(
            intervals,
            READ_INTERVAL,
            "How often the tasks cutovers wait on are read, seconds",
            regionId)
        .set(effective.toNanos() / 1e9);
    if (!requestedMet) {
      Counter.builder(STRETCHED)
          .description("Reading cycles slower than the poll interval asked for (DTS rate limit)")
          .tag("region", regionId)
          .register(registry)
          .increment();
    }
  }

  @Override
  public void stopQueue(String regionId, int queued) {
    regionGauge(
            queues, STOP_QUEUE, "Held quiet windows waiting for the region's stop budget", regionId)
        .set((double) queued);
  }

  @Override
  public void watchTemporal(BooleanSupplier behind) {
    Gauge.builder(TEMPORAL_BEHIND, behind, b -> b.getAsBoolean() ? 1 : 0)
        .strongReference(true)
        .description(
            "1 while the Temporal server is behind on this worker's workflow tasks: held windows"
                + " wait and new cutovers yield")
        .register(registry);
  }

  /** The value of gauge {@code name} of {@code regionId}, registered on first use. */
  private AtomicReference<Double> regionGauge(
      Map<String, AtomicReference<Double>> values,
      String name,
      String description,
      String regionId) {
    return values.computeIfAbsent(
        regionId,
        region -> {
          AtomicReference<Double> value = new AtomicReference<>(0.0);
          Gauge.builder(name, value, AtomicReference::get)
              .description(description)
              .tag("region", region)
              .register(registry);
          return value;
        });
  }

  @Override
  public void stopQueueWait(String regionId, Duration waited) {
    DistributionSummary.builder(STOP_QUEUE_WAIT)
        .description("Seconds a held quiet window waited for the region's stop budget")
        .baseUnit("seconds")
        .tag("region", regionId)
        .register(registry)
        .record(waited.toNanos() / 1e9);
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
