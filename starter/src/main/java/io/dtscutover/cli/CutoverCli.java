package io.dtscutover.cli;

import io.dtscutover.cli.decision.AbortCommand;
import io.dtscutover.cli.decision.ApproveCommand;
import io.dtscutover.cli.decision.ConfirmFreezeCommand;
import io.dtscutover.cli.decision.RejectCommand;
import io.dtscutover.cli.marker.MarkerCommand;
import io.dtscutover.cli.request.StartCommand;
import io.dtscutover.cli.schedule.ScheduleCommand;
import io.dtscutover.cli.stack.DemoCommand;
import io.dtscutover.cli.stack.DevCommand;
import io.dtscutover.cli.stack.ServerCommand;
import io.dtscutover.cli.stack.SimulatorCommand;
import io.dtscutover.cli.stack.WorkerCommand;
import io.dtscutover.cli.view.ListCommand;
import io.dtscutover.cli.view.ReportCommand;
import io.dtscutover.cli.view.StatusCommand;
import io.dtscutover.cli.view.WatchCommand;
import io.dtscutover.cli.wave.WaveCommand;
import io.dtscutover.workflow.Quoted;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code cutover} command: ends an Alibaba Cloud DTS migration safely, as a durable Temporal
 * workflow. One subcommand per verb; errors are one line and an exit code from {@link ExitCodes}
 * ({@code --verbose} adds the stack trace).
 */
@Command(
    name = "cutover",
    mixinStandardHelpOptions = true,
    version = "dts-cutover 0.1.0",
    description = "Ends an Alibaba Cloud DTS migration safely, as a durable Temporal workflow.",
    subcommands = {
      StartCommand.class,
      StatusCommand.class,
      WatchCommand.class,
      ReportCommand.class,
      ListCommand.class,
      ScheduleCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      AbortCommand.class,
      ConfirmFreezeCommand.class,
      WaveCommand.class,
      MarkerCommand.class,
      ServerCommand.class,
      WorkerCommand.class,
      SimulatorCommand.class,
      DevCommand.class,
      DemoCommand.class,
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  cutover demo                 # a whole cutover against the bundled DTS simulator",
      "  cutover start --job-id dtsabc123 --region cn-hangzhou --as alice",
      "",
      "Exit codes: 0 success, 1 cutover aborted or failed, 2 usage or validation error,"
          + " 3 Temporal or DTS unreachable."
    })
public final class CutoverCli implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print the stack trace of an error.")
  boolean verbose;

  /** Runs the CLI in this process and exits with its exit code. */
  public static void main(String[] args) {
    CliEnvironment environment = CliEnvironment.ofProcess();
    int exitCode = commandLine(environment).execute(args);
    // Nothing is left to clean up: let the exit's shutdown hook return at once.
    environment.shutdown().cleanedUp();
    System.exit(exitCode);
  }

  /** The command line for {@code environment}, with the error handling every verb shares. */
  public static CommandLine commandLine(CliEnvironment environment) {
    CommandLine commandLine = new CommandLine(new CutoverCli(), new Factory(environment));
    commandLine.setParameterExceptionHandler(new BadUsage());
    commandLine.setExecutionExceptionHandler(new Failed());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "name a command, for example `cutover demo` (see cutover --help)");
  }

  /** Creates verbs with the {@link CliEnvironment}; everything else the usual way. */
  private record Factory(CliEnvironment environment) implements IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      for (Constructor<?> constructor : type.getDeclaredConstructors()) {
        Class<?>[] parameters = constructor.getParameterTypes();
        if (parameters.length == 1 && parameters[0] == CliEnvironment.class) {
          constructor.setAccessible(true);
          return type.cast(constructor.newInstance(environment));
        }
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** A bad flag or value: one line naming it, a pointer to the command's help, exit code 2. */
  private static final class BadUsage implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException e, String[] args) {
      CommandLine command = e.getCommandLine();
      PrintWriter err = command.getErr();
      err.println("error: " + Quoted.oneLine(e.getMessage()));
      err.println("see `" + command.getCommandSpec().qualifiedName() + " --help`");
      err.flush();
      return ExitCodes.USAGE;
    }
  }

  /** Anything a verb threw: one line (plus the trace with --verbose) and the mapped exit code. */
  private static final class Failed implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception thrown, CommandLine command, ParseResult parseResult) {
      CliFailure failure = FailureTranslator.translate(thrown);
      PrintWriter err = command.getErr();
      err.println(
          "error: "
              + (failure.isMultiLine()
                  ? failure.getMessage()
                  : Quoted.oneLine(failure.getMessage())));
      if (verbose(parseResult)) {
        thrown.printStackTrace(err);
      }
      err.flush();
      return failure.exitCode();
    }

    private static boolean verbose(ParseResult result) {
      for (ParseResult current = result; current != null; current = current.subcommand()) {
        if (current.hasMatchedOption("--verbose")) {
          return true;
        }
      }
      return false;
    }
  }
}
