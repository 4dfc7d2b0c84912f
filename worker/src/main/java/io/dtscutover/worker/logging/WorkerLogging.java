package io.dtscutover.worker.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.util.StatusPrinter2;
import java.net.URL;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Switches Logback to the worker's configuration: INFO to stderr, as text or JSON, every line of a
 * cutover carrying its {@code WorkflowId} and {@code DtsJobId} (see {@link CutoverLogContext}). The
 * CLI keeps its own quiet configuration; only the long-running worker process calls this.
 */
public final class WorkerLogging {
  private WorkerLogging() {}

  /**
   * Replaces the current Logback configuration with the one for {@code format}.
   *
   * @throws IllegalStateException when Logback is not the SLF4J backend or the bundled
   *     configuration cannot be read (a packaging error, not a user error)
   */
  public static void configure(LogFormat format) {
    ILoggerFactory factory = LoggerFactory.getILoggerFactory();
    if (!(factory instanceof LoggerContext context)) {
      throw new IllegalStateException(
          "the worker logs through Logback, but SLF4J is bound to " + factory.getClass().getName());
    }
    URL configuration = WorkerLogging.class.getResource(format.configurationResource());
    if (configuration == null) {
      throw new IllegalStateException("missing " + format.configurationResource());
    }
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(configuration);
    } catch (JoranException e) {
      new StatusPrinter2().printInCaseOfErrorsOrWarnings(context);
      throw new IllegalStateException("cannot apply " + format.configurationResource(), e);
    }
  }
}
