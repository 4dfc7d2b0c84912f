package io.dtscutover.cli.stack;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.ConnectionOptions;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.worker.CutoverComponents;
import io.dtscutover.worker.CutoverWorker;
import io.dtscutover.worker.MissingSearchAttributesException;
import io.dtscutover.worker.logging.CutoverLogContext;
import io.dtscutover.worker.logging.LogFormat;
import io.dtscutover.worker.logging.WorkerLogging;
import io.dtscutover.worker.metrics.CutoverMetricsInterceptor;
import io.dtscutover.worker.metrics.MetricsServer;
import io.dtscutover.worker.metrics.MetricsSettings;
import io.dtscutover.worker.metrics.WorkerMetrics;
import io.dtscutover.workflow.CutoverIds;
import io.dtscutover.workflow.Quoted;
import io.temporal.common.interceptors.WorkerInterceptor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code cutover worker}: runs cutovers. Polls the task queue ({@code CUTOVER_TASK_QUEUE}, default
 * {@code dts-cutover}) until Ctrl-C, calling DTS with the {@code ALIBABA_CLOUD_*} credentials (and
 * {@code DTS_ENDPOINT}) of its own environment and freezing sources it has targets for.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = {
      "Run a worker: it executes the cutovers (DTS calls, write freezes) until Ctrl-C.",
      "DTS credentials come from ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET (/ SECURITY_TOKEN);"
          + " DTS_ENDPOINT overrides the endpoint; CUTOVER_TASK_QUEUE the task queue.",
      "Serves Prometheus metrics and /healthz on CUTOVER_METRICS_PORT (default 9464, off to"
          + " disable); logs as text, or JSON with CUTOVER_LOG_FORMAT=json; posts notifications"
          + " to CUTOVER_WEBHOOK_URL when set."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  export ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=...",
      "  cutover worker --address temporal.internal:7233 --namespace cutovers"
    })
public final class WorkerCommand extends CliVerb {
  @Mixin ConnectionOptions connection;

  WorkerCommand(CliEnvironment environment) {
    super(environment);
  }

  /** The longest pause between two tries to reach Temporal at start. */
  static final Duration MAX_CONNECT_BACKOFF = Duration.ofSeconds(30);

  /**
   * Validates everything the worker is configured with (log format, metrics port, DTS, webhook,
   * freeze targets) and binds the metrics port before it contacts Temporal, so a configuration
   * error is exit 2 whether or not Temporal is up. Then connects, retrying with a log line for as
   * long as Temporal does not answer, as Temporal's own workers do, and polls until Ctrl-C.
   */
  @Override
  public Integer call() throws InterruptedException {
    Map<String, String> variables = environment.variables();
    LogFormat logFormat;
    MetricsSettings metricsSettings;
    try {
      logFormat = LogFormat.fromEnvironment(variables);
      metricsSettings = MetricsSettings.fromEnvironment(variables);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage("the worker is not configured: " + e.getMessage());
    }
    WorkerLogging.configure(logFormat);
    AtomicReference<CutoverWorker> running = new AtomicReference<>();
    try (WorkerMetrics metrics = WorkerMetrics.create()) {
      CutoverWorker.Components components = components(environment, metrics);
      try (MetricsServer metricsServer =
              serveMetrics(
                  metricsSettings,
                  metrics,
                  () -> running.get() != null && running.get().isPolling());
          TemporalConnection temporal = connectPatiently(metrics)) {
        if (temporal == null) {
          return ExitCodes.OK; // Ctrl-C before Temporal answered
        }
        try (CutoverWorker worker = startWorker(temporal, environment, components, metrics)) {
          running.set(worker);
          out()
              .println(
                  "worker polling task queue "
                      + worker.taskQueue()
                      + " on "
                      + temporal.address()
                      + " (namespace "
                      + temporal.namespace()
                      + "); Ctrl-C stops it");
          if (metricsServer != null) {
            out()
                .println(
                    "metrics on http://localhost:"
                        + metricsServer.port()
                        + "/metrics, health on /healthz");
          }
          out().flush();
          environment.shutdown().await();
        }
      }
    } finally {
      environment.shutdown().cleanedUp();
    }
    return ExitCodes.OK;
  }

  /**
   * Connects to Temporal, trying again with a growing pause (up to {@link #MAX_CONNECT_BACKOFF})
   * and one line on stderr per try while it does not answer; {@code null} when Ctrl-C came first.
   */
  private TemporalConnection connectPatiently(WorkerMetrics metrics) throws InterruptedException {
    Duration pause = Duration.ofSeconds(1);
    for (int attempt = 1; ; attempt++) {
      try {
        return connection.connect(environment, metrics.temporalScope());
      } catch (CliFailure failure) {
        if (failure.exitCode() != ExitCodes.UNREACHABLE) {
          throw failure;
        }
        err()
            .println(
                "worker: "
                    + Quoted.oneLine(failure.getMessage())
                    + " (try "
                    + attempt
                    + "); trying again in "
                    + pause.toSeconds()
                    + "s, Ctrl-C stops");
        err().flush();
      }
      if (environment.shutdown().await(pause)) {
        return null;
      }
      pause =
          pause.multipliedBy(2).compareTo(MAX_CONNECT_BACKOFF) > 0
              ? MAX_CONNECT_BACKOFF
              : pause.multipliedBy(2);
    }
  }

  /** What the worker runs, from its environment; a configuration problem is exit 2. */
  private static CutoverWorker.Components components(
      CliEnvironment environment, WorkerMetrics metrics) {
    try {
      return CutoverComponents.fromEnvironment(
          environment.variables(), metrics == null ? null : metrics.dtsCalls());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliFailure(ExitCodes.USAGE, "the worker is not configured: " + e.getMessage(), e);
    }
  }

  /** Starts a worker without metrics (for the dev stack and tests). */
  static CutoverWorker startWorker(TemporalConnection temporal, CliEnvironment environment) {
    return startWorker(temporal, environment, null);
  }

  /**
   * Starts a worker with the log context and, when {@code metrics} is given, the cutover metrics;
   * missing search attributes or configuration are one-line usage errors.
   */
  static CutoverWorker startWorker(
      TemporalConnection temporal, CliEnvironment environment, WorkerMetrics metrics) {
    return startWorker(temporal, environment, components(environment, metrics), metrics);
  }

  private static CutoverWorker startWorker(
      TemporalConnection temporal,
      CliEnvironment environment,
      CutoverWorker.Components components,
      WorkerMetrics metrics) {
    WorkerInterceptor[] interceptors =
        metrics == null
            ? new WorkerInterceptor[] {new CutoverLogContext()}
            : new WorkerInterceptor[] {new CutoverLogContext(), new CutoverMetricsInterceptor()};
    try {
      return CutoverWorker.start(
          temporal.client(),
          CutoverIds.taskQueue(environment.variables()),
          components,
          interceptors);
    } catch (MissingSearchAttributesException e) {
      throw CliFailure.multiLine(ExitCodes.USAGE, e.getMessage(), e);
    }
  }

  private static MetricsServer serveMetrics(
      MetricsSettings settings, WorkerMetrics metrics, BooleanSupplier polling) {
    if (!settings.enabled()) {
      return null;
    }
    try {
      return MetricsServer.start(settings.port(), metrics, polling);
    } catch (IllegalStateException e) {
      throw new CliFailure(ExitCodes.USAGE, e.getMessage(), e);
    }
  }
}
