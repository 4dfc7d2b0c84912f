package io.dtscutover.cli.view;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.CommandHints;
import io.dtscutover.cli.ConnectionOptions;
import io.dtscutover.cli.CutoverAddress;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.workflow.CutoverReport;
import java.time.Clock;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover watch}: follows a cutover live and returns when it ends (exit code by outcome) or
 * when it waits for a person (exit 0, after printing the exact command to run).
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a cutover live: phase, lag and its trend, freeze time left.",
      "Returns when the cutover ends (exit 0 success, 1 aborted/failed) or when a gate waits for a"
          + " person (exit 0, with the command that approves it)."
    },
    footerHeading = "%nExample:%n",
    footer = "  cutover watch --job-id dtsabc123 --region cn-hangzhou")
public final class WatchCommand extends CliVerb {
  @Mixin CutoverAddress address;
  @Mixin ConnectionOptions connection;

  @Option(
      names = "--refresh",
      paramLabel = "D",
      converter = DurationConverter.class,
      defaultValue = "1s",
      description = "How often to read the cutover's state (default: ${DEFAULT-VALUE}).")
  Duration refresh;

  WatchCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() throws InterruptedException {
    String workflowId = address.workflowId();
    try (TemporalConnection temporal = connection.connect(environment)) {
      CommandHints hints = CommandHints.of(environment, address.asFlags(), connection);
      out().println("watching " + workflowId + " (Ctrl-C stops watching, not the cutover)");
      CutoverFollower.Result result =
          new CutoverFollower(
                  new CutoverProgress(temporal, workflowId),
                  out(),
                  hints,
                  refresh,
                  Clock.systemUTC())
              .follow(status -> false);
      CutoverReport report = result.report();
      if (report == null) {
        return ExitCodes.OK;
      }
      out().println();
      ReportView.print(out(), report);
      return ExitCodes.of(report);
    }
  }
}
