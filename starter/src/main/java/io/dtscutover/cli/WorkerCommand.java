package io.dtscutover.cli;

import io.dtscutover.worker.CutoverComponents;
import io.dtscutover.worker.CutoverWorker;
import io.dtscutover.worker.MissingSearchAttributesException;
import io.dtscutover.workflow.CutoverIds;
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
          + " DTS_ENDPOINT overrides the endpoint; CUTOVER_TASK_QUEUE the task queue."
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
    try (TemporalConnection temporal = connection.connect(environment);
        CutoverWorker worker = startWorker(temporal, environment)) {
      out()
          .println(
              "worker polling task queue "
                  + worker.taskQueue()
                  + " on "
                  + temporal.address()
                  + " (namespace "
                  + temporal.namespace()
                  + "); Ctrl-C stops it");
      out().flush();
      environment.shutdown().await();
    } finally {
      environment.shutdown().cleanedUp();
    }
    return ExitCodes.OK;
  }

  /** Starts a worker; missing search attributes or configuration are one-line usage errors. */
  static CutoverWorker startWorker(TemporalConnection temporal, CliEnvironment environment) {
    CutoverWorker.Components components;
    try {
      components = CutoverComponents.fromEnvironment(environment.variables());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliFailure(ExitCodes.USAGE, "the worker is not configured: " + e.getMessage(), e);
    }
    try {
      return CutoverWorker.start(
          temporal.client(), CutoverIds.taskQueue(environment.variables()), components);
    } catch (MissingSearchAttributesException e) {
      throw new CliFailure(ExitCodes.USAGE, e.getMessage(), e);
    }
  }
}
