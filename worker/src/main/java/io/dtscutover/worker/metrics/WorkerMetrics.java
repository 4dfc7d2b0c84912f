package io.dtscutover.worker.metrics;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.time.Duration;
import java.util.List;

/**
 * The worker's metrics, in one Prometheus registry: the Temporal SDK's own (through {@link
 * #temporalScope()}, which the connection and the worker factory report into), the cutover metrics
 * recorded by {@link CutoverMetricsInterceptor}, and the DTS call metrics of {@link
 * DtsCallMetrics}.
 *
 * <p>The SDK buffers counters in its scope and hands them to the registry every {@link
 * #DEFAULT_REPORT_INTERVAL}; closing flushes what is left.
 */
public final class WorkerMetrics implements AutoCloseable {
  /** How often the SDK's scope reports into the registry; well under any scrape interval. */
  public static final Duration DEFAULT_REPORT_INTERVAL = Duration.ofSeconds(5);

  private final PrometheusMeterRegistry registry;
  private final Scope temporalScope;
  private final DtsCallMetrics dtsCalls;

  /**
   * The buckets of every latency histogram: the SDK asks for Micrometer's percentile histograms (69
   * buckets per series, over a megabyte per scrape after one cutover); these few answer "how many
   * took longer than" at every scale a cutover has.
   */
  static final List<Duration> LATENCY_BUCKETS =
      List.of(
          Duration.ofMillis(10),
          Duration.ofMillis(100),
          Duration.ofSeconds(1),
          Duration.ofSeconds(10),
          Duration.ofMinutes(1),
          Duration.ofMinutes(10),
          Duration.ofHours(1));

  private WorkerMetrics(Duration reportInterval) {
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(FEW_BUCKETS);
    this.temporalScope =
        new RootScopeBuilder()
            .reporter(new MicrometerClientStatsReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofMillis(reportInterval.toMillis()));
    this.dtsCalls = new DtsCallMetrics(registry);
  }

  /** Replaces percentile histograms with {@link #LATENCY_BUCKETS}. */
  private static final MeterFilter FEW_BUCKETS =
      new MeterFilter() {
        @Override
        public DistributionStatisticConfig configure(
            Meter.Id id, DistributionStatisticConfig config) {
          DistributionStatisticConfig.Builder few =
              DistributionStatisticConfig.builder().percentilesHistogram(false);
          if (id.getType() == Meter.Type.TIMER) {
            few.serviceLevelObjectives(
                LATENCY_BUCKETS.stream().mapToDouble(Duration::toNanos).toArray());
          }
          return few.build().merge(config);
        }
      };

  /** Metrics reported into the registry every {@link #DEFAULT_REPORT_INTERVAL}. */
  public static WorkerMetrics create() {
    return create(DEFAULT_REPORT_INTERVAL);
  }

  /** Metrics reported into the registry every {@code reportInterval}. */
  public static WorkerMetrics create(Duration reportInterval) {
    return new WorkerMetrics(reportInterval);
  }

  /**
   * The scope to give {@code WorkflowServiceStubsOptions.Builder.setMetricsScope}: the SDK's
   * request, poll, task and activity metrics, and {@code Workflow.getMetricsScope()} in workflows.
   */
  public Scope temporalScope() {
    return temporalScope;
  }

  /** The DTS call counters, for the DTS client to record into. */
  public DtsCallMetrics dtsCalls() {
    return dtsCalls;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Everything in the Prometheus text format, without the labels the Temporal SDK pads with "none"
   * ({@link UnpaddedExposition}).
   */
  public String scrape() {
    return UnpaddedExposition.of(registry.scrape());
  }

  /** Flushes the SDK's buffered counters and closes the registry. */
  @Override
  public void close() {
    try {
      temporalScope.close();
    } catch (ScopeCloseException e) {
      // Only the last, unflushed counters are lost; the process is going away anyway.
    } finally {
      registry.close();
    }
  }
}
