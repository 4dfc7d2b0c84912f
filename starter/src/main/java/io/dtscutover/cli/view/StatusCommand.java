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
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover status}: the current state of one cutover, for people or (with {@code --json}) as
 * the workflow's {@code CutoverStatus} with {@code phase} at the top level. For a cutover that has
 * ended it shows the report's outcome.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show where a cutover is and what it waits for.",
    footerHeading = "%nExample:%n",
    footer = {
      "  cutover status --job-id dtsabc123 --region cn-hangzhou",
      "  cutover status --workflow-id cutover-cn-hangzhou-dtsabc123 --json | jq -r .phase"
    })
public final class StatusCommand extends CliVerb {
  @Mixin CutoverAddress address;
  @Mixin ConnectionOptions connection;

  @Option(names = "--json", description = "Print the status as one JSON object.")
  boolean json;

  StatusCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String workflowId = address.workflowId();
    try (TemporalConnection temporal = connection.connect(environment)) {
      CutoverProgress.Observation observation = new CutoverProgress(temporal, workflowId).observe();
      if (observation.closed()) {
        CutoverReport report = observation.report();
        if (json) {
          out().println(JsonOutput.of(EndedStatus.of(report)));
        } else {
          out().println("cutover  " + workflowId + " has ended");
          ReportView.print(out(), report);
        }
        return ExitCodes.OK;
      }
      if (observation.notBegun()) {
        if (json) {
          out()
              .println(
                  JsonOutput.of(
                      Map.of(
                          "workflowId",
                          workflowId,
                          "phase",
                          "NOT_BEGUN",
                          "beginsAt",
                          observation.beginsAt().toString())));
        } else {
          out()
              .println(
                  "cutover  "
                      + workflowId
                      + " begins at "
                      + observation.beginsAt()
                      + " (start --at): Temporal holds it until then");
        }
        return ExitCodes.OK;
      }
      if (observation.status() == null) {
        throw new CliFailure(
            ExitCodes.UNREACHABLE,
            "cutover "
                + workflowId
                + " is running but no worker answered: start `cutover worker` (or `cutover dev`)"
                + " against this server");
      }
      if (json) {
        out().println(JsonOutput.of(observation.status()));
      } else {
        StatusView.print(
            out(),
            observation.status(),
            observation.liveSnapshot(),
            observation.readingError(),
            CommandHints.of(environment, address.asFlags(), connection).forRun(observation.runId()),
            Instant.now());
      }
      return ExitCodes.OK;
    }
  }
}
