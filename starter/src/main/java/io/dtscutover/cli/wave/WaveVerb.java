package io.dtscutover.cli.wave;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.ConnectionOptions;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.wave.WaveReport;
import io.dtscutover.wave.WaveWorkflow;
import io.dtscutover.workflow.CutoverIds;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import picocli.CommandLine.Mixin;

/** What the wave verbs share: the Temporal connection and reading a wave. */
abstract class WaveVerb extends CliVerb {
  @Mixin ConnectionOptions connection;

  WaveVerb(CliEnvironment environment) {
    super(environment);
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

  /** Prints {@code wave} to stdout: as JSON, or as its table. */
  void print(WaveReport wave, boolean json) {
    if (json) {
      out().println(JsonOutput.of(wave));
    } else {
      WaveTable.print(out(), wave);
    }
  }
}
