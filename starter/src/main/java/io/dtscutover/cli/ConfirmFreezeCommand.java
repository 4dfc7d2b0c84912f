package io.dtscutover.cli;

import io.dtscutover.workflow.CutoverWorkflow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover confirm-freeze}: for the manual freeze strategy, tells the cutover that writes on
 * the source have stopped, which starts the freeze budget and the final catch-up.
 */
@Command(
    name = "confirm-freeze",
    mixinStandardHelpOptions = true,
    description = "Confirm that writes on the source have stopped (manual freeze).",
    footerHeading = "%nExample:%n",
    footer = "  cutover confirm-freeze --job-id dtsabc123 --region cn-hangzhou --as alice")
final class ConfirmFreezeCommand extends CutoverCommand {
  @Mixin CutoverTarget target;
  @Mixin ConnectionOptions connection;

  @Option(names = "--as", required = true, paramLabel = "NAME", description = "Who confirms.")
  String by;

  ConfirmFreezeCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String workflowId = target.workflowId();
    try (TemporalConnection temporal = connection.connect(environment)) {
      new CutoverProgress(temporal, workflowId)
          .requireOpen(CommandHints.of(environment, target.asFlags(), connection));
      String next =
          temporal
              .client()
              .newWorkflowStub(CutoverWorkflow.class, workflowId)
              .confirmWritesStopped(by);
      out().println("writes stopped on the source of " + workflowId + ", confirmed by " + by);
      if (next != null && !next.isBlank()) {
        out().println(next);
      }
      return ExitCodes.OK;
    }
  }
}
