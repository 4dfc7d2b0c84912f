package io.dtscutover.cli.decision;

import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.request.GateConverter;
import io.dtscutover.workflow.GateAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover approve}: passes a pending gate. The cutover validates the approver and the gate
 * before anything is recorded; a refusal is one sentence and exit code 2.
 */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = "Approve the gate a cutover waits at.",
    footerHeading = "%nExample:%n",
    footer = "  cutover approve --job-id dtsabc123 --region cn-hangzhou --gate freeze --as alice")
public final class ApproveCommand extends CutoverUpdateVerb {
  @Option(
      names = "--gate",
      required = true,
      paramLabel = "GATE",
      converter = GateConverter.class,
      description = "The gate to approve: freeze, stop or delete.")
  Gate gate;

  @Option(names = "--as", required = true, paramLabel = "NAME", description = "Who approves.")
  String approver;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Recorded with the approval.")
  String comment = "";

  ApproveCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    requireName("--as", approver);
    return send(
        cutover -> cutover.approve(GateAction.of(gate, approver, comment)),
        workflowId -> "approved gate " + gate.cliName() + " of " + workflowId + " as " + approver);
  }
}
