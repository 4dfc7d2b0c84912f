package io.dtscutover.cli.decision;

import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.request.GateConverter;
import io.dtscutover.workflow.GateAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover reject}: refuses a pending gate, which aborts the cutover and restores the source.
 */
@Command(
    name = "reject",
    mixinStandardHelpOptions = true,
    description = "Reject the gate a cutover waits at: the cutover aborts and restores the source.",
    footerHeading = "%nExample:%n",
    footer = {
      "  cutover reject --job-id dtsabc123 --region cn-hangzhou --gate stop --as bob \\",
      "      --reason \"lag spiked during the freeze\""
    })
public final class RejectCommand extends CutoverUpdateVerb {
  @Option(
      names = "--gate",
      required = true,
      paramLabel = "GATE",
      converter = GateConverter.class,
      description = "The gate to reject: freeze, stop or delete.")
  Gate gate;

  @Option(names = "--as", required = true, paramLabel = "NAME", description = "Who rejects.")
  String approver;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      description = "Why: recorded in the report.")
  String reason;

  RejectCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    requireName("--as", approver);
    return send(
        cutover -> cutover.reject(new GateAction(gate, approver, null, reason)),
        workflowId -> "rejected gate " + gate.cliName() + " of " + workflowId + " as " + approver);
  }
}
