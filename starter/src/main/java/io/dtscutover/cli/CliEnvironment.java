package io.dtscutover.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a command may read from the outside world besides its flags: environment variables, the
 * terminal's input (for {@code demo --interactive}) and the signal that ends long-running commands
 * ({@code server}, {@code worker}, {@code dev}). Tests pass their own, so no command reads {@code
 * System.getenv} or {@code System.in} directly.
 */
public record CliEnvironment(
    Map<String, String> variables, BufferedReader input, ShutdownSignal shutdown) {

  public CliEnvironment {
    variables = Map.copyOf(variables);
  }

  /** The process's own environment, standard input and a signal fired by Ctrl-C. */
  public static CliEnvironment ofProcess() {
    return new CliEnvironment(
        System.getenv(),
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        ShutdownSignal.onJvmShutdown());
  }

  /** An environment variable, or {@code null}. */
  public String get(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? null : value;
  }
}
