package io.dtscutover.cli;

import io.dtscutover.logging.CutoverLogContext;
import io.dtscutover.logging.LogFormat;
import io.dtscutover.logging.WorkerLogging;
import io.dtscutover.metrics.CutoverMetricsInterceptor;
import io.dtscutover.metrics.MetricsServer;
import io.dtscutover.metrics.MetricsSettings;
import io.dtscutover.metrics.WorkerMetrics;
import io.dtscutover.worker.CutoverComponents;
import io.dtscutover.worker.CutoverWorker;
import io.dtscutover.worker.MissingSearchAttributesException;
import io.dtscutover.workflow.CutoverIds;
import io.temporal.common.interceptors.WorkerInterceptor;
import java.util.Map;
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
final class WorkerCommand extends CutoverCommand {
  @Mixin ConnectionOptions connection;

  WorkerCommand(CliEnvironment environment) {
    super(environment);
  }

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
    try (WorkerMetrics metrics = WorkerMetrics.create();
        TemporalConnection temporal = connection.connect(environment, metrics.temporalScope());
        CutoverWorker worker = startWorker(temporal, environment, metrics);
        MetricsServer metricsServer = serveMetrics(metricsSettings, metrics, worker)) {
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
    } finally {
      environment.shutdown().cleanedUp();
    }
    return ExitCodes.OK;
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
    CutoverWorker.Components components;
    try {
      components =
          CutoverComponents.fromEnvironment(
              environment.variables(), metrics == null ? null : metrics.dtsCalls());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliFailure(ExitCodes.USAGE, "the worker is not configured: " + e.getMessage(), e);
    }
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
      MetricsSettings settings, WorkerMetrics metrics, CutoverWorker worker) {
    if (!settings.enabled()) {
      return null;
    }
    try {
      return MetricsServer.start(settings.port(), metrics, worker::isPolling);
    } catch (IllegalStateException e) {
      throw new CliFailure(ExitCodes.USAGE, e.getMessage(), e);
    }
  }
}
