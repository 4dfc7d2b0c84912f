package io.dtscutover.cli.decision;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.CommandHints;
import io.dtscutover.cli.ConnectionOptions;
import io.dtscutover.cli.CutoverAddress;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.cli.view.CutoverProgress;
import io.dtscutover.cli.view.CutoverRunRef;
import io.dtscutover.workflow.ActionResult;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.Identifiers;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the verbs that act on a running cutover share ({@code approve}, {@code reject}, {@code
 * abort}, {@code confirm-freeze}): the flags that name the cutover, the Temporal connection, the
 * refusal when the cutover has already ended, sending the decision to the run the command looked at
 * (see {@link DecisionDelivery}), and printing the next step the cutover answers.
 */
abstract class CutoverUpdateVerb extends CliVerb {
  /** How long a decision waits for a worker unless {@code --wait-for-worker} says otherwise. */
  static final Duration DEFAULT_WAIT_FOR_WORKER = Duration.ofSeconds(30);

  @Mixin CutoverAddress address;
  @Mixin ConnectionOptions connection;

  @Option(
      names = "--run-id",
      paramLabel = "RUN",
      description =
          "Act on this run only (the run id a previous command printed); refused when it has"
              + " ended, even if a newer run of the cutover waits. Default: the run that holds"
              + " the workflow id now.")
  String runId;

  @Option(
      names = "--wait-for-worker",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "How long to wait for a worker to run the decision before giving up with exit 3"
              + " (default: 30s).")
  Duration waitForWorker = DEFAULT_WAIT_FOR_WORKER;

  CutoverUpdateVerb(CliEnvironment environment) {
    super(environment);
  }

  /**
   * {@code name} as given to {@code flag}, or a usage failure that quotes it: every person is named
   * with {@link Identifiers#NAME}, as the cutover itself checks.
   */
  static String requireName(String flag, String name) {
    String problem = Identifiers.nameProblem("name", name);
    if (problem != null) {
      throw CliFailure.usage(flag + ": " + problem);
    }
    return name;
  }

  /**
   * Sends {@code update} to the cutover's run once it is known to be running and a worker answers,
   * then prints {@code done} (given the workflow id) with the run id, what the cutover recorded and
   * what happens next, if it says.
   */
  int send(Function<CutoverWorkflow, ActionResult> update, Function<String, String> done) {
    String workflowId = address.workflowId();
    if (waitForWorker.isNegative() || waitForWorker.isZero()) {
      throw CliFailure.usage("--wait-for-worker must be longer than zero, like 30s or 5m");
    }
    try (TemporalConnection temporal = connection.connect(environment)) {
      CutoverProgress progress = new CutoverProgress(temporal, workflowId);
      CutoverRunRef run =
          progress.requireOpen(runId, CommandHints.of(environment, address.asFlags(), connection));
      ActionResult result =
          new DecisionDelivery(temporal, run, waitForWorker, err()).deliver(update, progress);
      out().println(done.apply(workflowId) + " (run " + run.runId() + ")");
      out().println(result.message());
      if (result.next() != null && !result.next().isBlank()) {
        out().println("next: " + result.next());
      }
      return ExitCodes.OK;
    }
  }
}
