package io.dtscutover.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every verb shares: the {@link CliEnvironment} and output through picocli's writers, so tests
 * capture everything a command prints. A verb returns its exit code from {@link #call} and throws
 * {@link CliFailure} (or anything else) for errors, which {@link CutoverCli} prints as one line.
 */
public abstract class CliVerb implements Callable<Integer> {
  @Spec private CommandSpec spec;

  protected final CliEnvironment environment;

  protected CliVerb(CliEnvironment environment) {
    this.environment = environment;
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
