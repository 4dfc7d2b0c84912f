package io.dtscutover.cli.stack;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.devstack.EmbeddedTemporal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover server}: the embedded Temporal server (the Java test server, real time) with the
 * cutover search attributes registered, until Ctrl-C. In memory only: stopping it loses every
 * cutover, so it is for development and demos, never for production cutovers.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = {
      "Run an embedded Temporal server (in memory, real time) with the cutover search attributes"
          + " registered.",
      "For development and demos: stopping it loses every cutover."
    },
    footerHeading = "%nExample:%n",
    footer = "  cutover server --port 7233")
public final class ServerCommand extends CliVerb {
  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "7233",
      description = "Port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  ServerCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() throws InterruptedException {
    try (EmbeddedTemporal server = StackParts.temporal(port)) {
      out().println("Temporal (embedded, in memory) listening on " + server.address());
      out().println("Run a worker next to it:  cutover worker --address " + server.address());
      out().println("Ctrl-C stops it; every workflow it holds is lost then.");
      out().flush();
      environment.shutdown().await();
    } finally {
      environment.shutdown().cleanedUp();
    }
    return ExitCodes.OK;
  }
}
