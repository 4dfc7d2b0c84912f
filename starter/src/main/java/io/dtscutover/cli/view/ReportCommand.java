package io.dtscutover.cli.view;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.CommandHints;
import io.dtscutover.cli.ConnectionOptions;
import io.dtscutover.cli.CutoverAddress;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.workflow.CutoverReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover report}: the final report of a cutover that has ended, as text or one JSON object
 * with {@code outcome} at the top level. Exits by the outcome, so scripts can branch on it.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Print the final report of a cutover that has ended (exit 0 success, 1 not).",
    footerHeading = "%nExample:%n",
    footer = "  cutover report --job-id dtsabc123 --region cn-hangzhou --json > cutover.json")
public final class ReportCommand extends CliVerb {
  @Mixin CutoverAddress address;
  @Mixin ConnectionOptions connection;

  @Option(names = "--json", description = "Print the report as one JSON object.")
  boolean json;

  ReportCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String workflowId = address.workflowId();
    try (TemporalConnection temporal = connection.connect(environment)) {
      CutoverProgress progress = new CutoverProgress(temporal, workflowId);
      CutoverProgress.Observation observation = progress.observe();
      if (!observation.closed()) {
        CommandHints hints = CommandHints.of(environment, address.asFlags(), connection);
        throw CliFailure.usage(
            "cutover "
                + workflowId
                + " is still running"
                + (observation.status() == null ? "" : " (" + observation.status().phase() + ")")
                + ": its report exists once it ends; follow it with `"
                + hints.watch()
                + "`");
      }
      CutoverReport report = observation.report();
      if (json) {
        out().println(JsonOutput.of(report));
      } else {
        ReportView.print(out(), report);
      }
      return ExitCodes.of(report);
    }
  }
}
