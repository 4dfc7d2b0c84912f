package io.dtscutover.cli;

import io.dtscutover.workflow.ActionResult;
import io.dtscutover.workflow.CutoverWorkflow;
import java.util.function.Function;
import picocli.CommandLine.Mixin;

/**
 * What the verbs that act on a running cutover share ({@code approve}, {@code reject}, {@code
 * abort}, {@code confirm-freeze}): the flags that name the cutover, the Temporal connection, the
 * refusal when the cutover has already ended, and printing the next step the cutover answers.
 */
abstract class CutoverUpdateVerb extends CutoverCommand {
  @Mixin CutoverTarget target;
  @Mixin ConnectionOptions connection;

  CutoverUpdateVerb(CliEnvironment environment) {
    super(environment);
  }

  /**
   * Sends {@code update} to the cutover once it is known to be running, then prints {@code done}
   * (given the workflow id), what the cutover recorded and what happens next, if it says.
   */
  int send(Function<CutoverWorkflow, ActionResult> update, Function<String, String> done) {
    String workflowId = target.workflowId();
    try (TemporalConnection temporal = connection.connect(environment)) {
      new CutoverProgress(temporal, workflowId)
          .requireOpen(CommandHints.of(environment, target.asFlags(), connection));
      ActionResult result =
          update.apply(temporal.client().newWorkflowStub(CutoverWorkflow.class, workflowId));
      out().println(done.apply(workflowId));
      out().println(result.message());
      if (result.next() != null && !result.next().isBlank()) {
        out().println("next: " + result.next());
      }
      return ExitCodes.OK;
    }
  }
}
