package io.dtscutover.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs the real command line in this JVM and captures what it prints. */
public record CliRun(int exitCode, String out, String err) {

  public static CliRun run(Map<String, String> env, String... args) {
    return run(env, "", new ShutdownSignal(), args);
  }

  public static CliRun run(
      Map<String, String> env, String input, ShutdownSignal shutdown, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        CutoverCli.commandLine(
            new CliEnvironment(env, new BufferedReader(new StringReader(input)), shutdown));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
  }
}
