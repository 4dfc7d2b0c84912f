package io.dtscutover.cli.request;

import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.CommandHints;
import io.dtscutover.cli.ConnectionOptions;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.cli.view.CutoverFollower;
import io.dtscutover.cli.view.CutoverProgress;
import io.dtscutover.cli.view.ReportView;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.workflow.CutoverIds;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.CutoverWorkflowOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover start}: validates a cutover request built from flags and starts its workflow (one
 * live cutover per job). Prints the workflow id and the next command; with {@code --wait} follows
 * the cutover and exits with its outcome.
 */
@Command(
    defaultValueProvider = RequestDefaults.class,
    name = "start",
    mixinStandardHelpOptions = true,
    description = "Start the cutover of one DTS job.",
    footerHeading = "%nExample:%n",
    footer = {
      "  cutover start --job-id dtsabc123 --region cn-hangzhou --freeze mysql-read-only \\",
      "      --freeze-target orders-db --approvers alice,bob --two-person --as carol"
    })
public final class StartCommand extends CliVerb {

  @Mixin CutoverRequestOptions requestOptions;

  @Mixin ConnectionOptions connection;

  @Option(
      names = "--at",
      paramLabel = "T",
      converter = InstantConverter.class,
      description =
          "Start later, at this instant (ISO-8601): Temporal holds the cutover until then, and"
              + " the maintenance window opens then unless --not-before says otherwise.")
  Instant at;

  @Option(
      names = "--wait",
      description = "Follow the cutover and exit with its outcome (0 success, 1 aborted/failed).")
  boolean waitForOutcome;

  @Option(names = "--json", description = "Print JSON (with --wait: the final report).")
  boolean json;

  @Option(
      names = "--refresh",
      paramLabel = "D",
      converter = DurationConverter.class,
      defaultValue = "1s",
      hidden = true,
      description = "How often --wait reads the cutover's state.")
  Duration refresh;

  StartCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() throws InterruptedException {
    Duration delay = at == null ? null : StartDelay.until(at, Clock.systemUTC().instant());
    CutoverRequest request = requestOptions.request(environment, at);
    try (TemporalConnection temporal = connection.connect(environment)) {
      WorkflowExecution execution = start(temporal, request, delay);
      CommandHints hints =
          CommandHints.of(
                  environment,
                  "--job-id " + request.jobId() + " --region " + request.regionId(),
                  connection)
              .forRun(execution.getRunId());
      if (!waitForOutcome) {
        printStarted(request, execution, hints);
        return ExitCodes.OK;
      }
      // With --json, stdout carries only the report; progress goes to stderr.
      PrintWriter progress = json ? err() : out();
      if (!json) {
        printStarted(request, execution, hints);
      }
      progress.println("following it until it ends (Ctrl-C stops following, not the cutover)");
      CutoverFollower follower =
          new CutoverFollower(
              new CutoverProgress(temporal, execution.getWorkflowId()),
              progress,
              hints,
              refresh,
              Clock.systemUTC());
      CutoverReport report = follower.follow(status -> true).report();
      if (json) {
        out().println(JsonOutput.of(report));
      } else {
        out().println();
        ReportView.print(out(), report);
      }
      return ExitCodes.of(report);
    }
  }

  /**
   * Starts the workflow; with a delay, Temporal holds its first task until then (the request's
   * window, opening at the same instant, keeps a server that ignores start delays from freezing
   * early).
   */
  private WorkflowExecution start(
      TemporalConnection temporal, CutoverRequest request, Duration delay) {
    WorkflowOptions.Builder builder =
        CutoverWorkflowOptions.forRequest(request, CutoverIds.taskQueue(environment.variables()));
    if (delay != null) {
      builder.setStartDelay(delay);
    }
    WorkflowOptions options = builder.build();
    CutoverWorkflow workflow = temporal.client().newWorkflowStub(CutoverWorkflow.class, options);
    return WorkflowClient.start(workflow::run, request);
  }

  private void printStarted(
      CutoverRequest request, WorkflowExecution execution, CommandHints hints) {
    if (json) {
      out()
          .println(
              JsonOutput.of(
                  Map.of(
                      "workflowId", execution.getWorkflowId(),
                      "runId", execution.getRunId())));
      return;
    }
    PrintWriter out = out();
    out.println(
        (request.dryRun() ? "Started dry run " : "Started cutover ")
            + execution.getWorkflowId()
            + " of "
            + request.job()
            + ", requested by "
            + request.requestedBy()
            + (at == null ? "" : "; it begins at " + at + ", Temporal holds it until then")
            + ".");
    out.println("Follow it:  " + hints.watch());
    Gate first = firstWaitingGate(request);
    if (first != null && !request.dryRun()) {
      out.println(
          "It stops at gate "
              + first.cliName()
              + " for approval; `watch` returns then. Approve it with:");
      out.println("  " + hints.approve(first));
    }
    if (request.freezeStrategy() == FreezeStrategy.MANUAL && !request.dryRun()) {
      out.println("Manual freeze: once asked, stop the writers and run:");
      out.println("  " + hints.confirmFreeze());
    }
    out.flush();
  }

  private static Gate firstWaitingGate(CutoverRequest request) {
    for (Gate gate : Gate.values()) {
      if (gate == Gate.DELETE && !request.deleteAfterStop()) {
        continue;
      }
      if (request.approval().waitsForPerson(gate)) {
        return gate;
      }
    }
    return null;
  }
}
