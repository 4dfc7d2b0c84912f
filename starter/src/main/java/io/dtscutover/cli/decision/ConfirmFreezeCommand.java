package io.dtscutover.cli.decision;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.workflow.WritesStopped;
import picocli.CommandLine.Command;
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
public final class ConfirmFreezeCommand extends CutoverUpdateVerb {
  @Option(names = "--as", required = true, paramLabel = "NAME", description = "Who confirms.")
  String by;

  ConfirmFreezeCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    requireName("--as", by);
    return send(
        cutover -> cutover.confirmWritesStopped(new WritesStopped(by)),
        workflowId -> "writes stopped on the source of " + workflowId + ", confirmed by " + by);
  }
}
