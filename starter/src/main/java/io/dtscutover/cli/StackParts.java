package io.dtscutover.cli;

import io.dtscutover.devstack.EmbeddedTemporal;

/** Starts the parts of the embedded stack, turning a port clash into a one-line usage error. */
final class StackParts {
  private StackParts() {}

  static EmbeddedTemporal temporal(int port) {
    try {
      return EmbeddedTemporal.start(port);
    } catch (IllegalStateException e) {
      throw CliFailure.usage(e.getMessage());
    }
  }
}
