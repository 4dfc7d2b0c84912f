package io.dtscutover.cli.stack;

import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.devstack.DevStack;
import io.dtscutover.devstack.EmbeddedTemporal;
import io.dtscutover.devstack.Scenarios;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.Scenario;
import java.io.UncheckedIOException;

/**
 * Starts the parts of the embedded stack for the CLI, turning a taken port, an unreadable scenario
 * or a worker that cannot be configured into a one-line usage error.
 */
final class StackParts {
  private StackParts() {}

  static EmbeddedTemporal temporal(int port) {
    try {
      return EmbeddedTemporal.start(port);
    } catch (IllegalStateException e) {
      throw new CliFailure(ExitCodes.USAGE, e.getMessage(), e);
    }
  }

  static Scenario scenario(String nameOrFile) {
    try {
      return Scenarios.load(nameOrFile);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      throw new CliFailure(ExitCodes.USAGE, e.getMessage(), e);
    }
  }

  static DtsSimulator simulator(Scenario scenario, int port) {
    try {
      return DtsSimulator.start(scenario, port);
    } catch (UncheckedIOException e) {
      throw new CliFailure(
          ExitCodes.USAGE,
          "the simulator cannot listen on port " + port + ": choose another with --port",
          e);
    }
  }

  static DevStack stack(DevStack.Options options) {
    try {
      return DevStack.start(options);
    } catch (UncheckedIOException e) {
      throw CliFailure.usage(
          "the simulator cannot listen on port "
              + options.simulatorPort()
              + ": choose another with --simulator-port");
    } catch (IllegalArgumentException | IllegalStateException e) {
      // A taken Temporal port, a worker without configuration: the message says what to change.
      throw new CliFailure(ExitCodes.USAGE, e.getMessage(), e);
    }
  }
}
