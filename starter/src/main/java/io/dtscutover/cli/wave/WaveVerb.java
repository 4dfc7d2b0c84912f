package io.dtscutover.cli.wave;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.ConnectionOptions;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.wave.WaveReport;
import io.dtscutover.wave.WaveWorkflow;
import io.dtscutover.workflow.CutoverIds;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What the wave verbs share: the environment, the Temporal connection, output and reading. */
abstract class WaveVerb implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConnectionOptions connection;

  final CliEnvironment environment;

  WaveVerb(CliEnvironment environment) {
    this.environment = environment;
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** The wave's state now (its query; answered by a worker, also once the wave ended). */
  static WaveReport status(TemporalConnection temporal, String waveId) {
    String workflowId = CutoverIds.waveWorkflowId(waveId);
    try {
      return temporal.client().newWorkflowStub(WaveWorkflow.class, workflowId).status();
    } catch (WorkflowNotFoundException e) {
      throw CliFailure.usage(
          "no wave " + waveId + " (" + workflowId + "): start one with `cutover wave start`");
    } catch (WorkflowQueryException e) {
      throw new CliFailure(
          ExitCodes.UNREACHABLE,
          "no worker answered wave " + waveId + ": start a worker (cutover worker)",
          e);
    }
  }

  /** The report of the wave, waiting for its end. */
  static WaveReport report(TemporalConnection temporal, String waveId) {
    String workflowId = CutoverIds.waveWorkflowId(waveId);
    try {
      return temporal.client().newUntypedWorkflowStub(workflowId).getResult(WaveReport.class);
    } catch (WorkflowNotFoundException e) {
      throw CliFailure.usage("no wave " + waveId + " (" + workflowId + ")");
    } catch (WorkflowFailedException e) {
      throw new CliFailure(
          ExitCodes.CUTOVER_NOT_SUCCESSFUL,
          "wave "
              + waveId
              + " did not report (terminated, cancelled or refused): "
              + e.getMessage(),
          e);
    }
  }

  /** The exit code of an ended wave: as a cutover's. */
  static int exitCode(WaveReport report) {
    return ExitCodes.of(report.outcome());
  }
}
