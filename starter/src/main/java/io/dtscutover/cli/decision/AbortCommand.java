package io.dtscutover.cli.decision;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.workflow.AbortAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover abort}: ends a cutover before the point of no return; the source is restored and
 * the DTS task left running. After {@code StopDtsJob} the cutover refuses (exit 2).
 */
@Command(
    name = "abort",
    mixinStandardHelpOptions = true,
    description = {
      "Abort a cutover before the point of no return: the source is restored, the task keeps"
          + " running.",
      "Refused once the task is being stopped."
    },
    footerHeading = "%nExample:%n",
    footer =
        "  cutover abort --job-id dtsabc123 --region cn-hangzhou --as alice --reason \"app errors\"")
public final class AbortCommand extends CutoverUpdateVerb {
  @Option(names = "--as", required = true, paramLabel = "NAME", description = "Who aborts.")
  String by;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why: recorded in the report.")
  String reason;

  AbortCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    requireName("--as", by);
    return send(
        cutover -> cutover.abort(new AbortAction(by, reason)),
        workflowId -> "abort of " + workflowId + " accepted (by " + by + ")");
  }
}
