package io.dtscutover.cli.decision;

import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.DurationText;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.cli.view.CutoverProgress;
import io.dtscutover.cli.view.CutoverRunRef;
import io.dtscutover.workflow.ActionResult;
import io.dtscutover.workflow.CutoverWorkflow;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.client.WorkflowNotFoundException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Sends one decision (an update) to one run of a cutover, and never waits silently or without end
 * for a worker to run it.
 *
 * <p>First it asks the run for its status (a query, which records nothing) until a worker answers
 * or {@code waitForWorker} runs out: with no worker, nothing is sent and the person hears so. Then
 * it sends the update to that run id only, and waits at most {@code waitForWorker} again for a
 * worker to run it. An update is recorded only when a worker ran it; one the server accepted but no
 * worker ran is reported as not recorded, with the warning that a worker may still run it later.
 */
final class DecisionDelivery {
  /** The query name of {@code CutoverWorkflow.status()}; answering it changes nothing. */
  private static final String STATUS_QUERY = "status";

  /** How long the first look for a worker takes before the person is told what is awaited. */
  private static final Duration QUIET_LOOK = Duration.ofSeconds(2);

  private final TemporalConnection temporal;
  private final CutoverRunRef run;
  private final Duration waitForWorker;
  private final PrintWriter notices;

  DecisionDelivery(
      TemporalConnection temporal, CutoverRunRef run, Duration waitForWorker, PrintWriter notices) {
    this.temporal = temporal;
    this.run = run;
    this.waitForWorker = waitForWorker;
    this.notices = notices;
  }

  /**
   * Runs {@code update} on the run's workflow stub and returns what it answered.
   *
   * @throws CliFailure exit 3 when no worker ran it in time; exit 2 when the run ended first
   */
  // Deprecated in SDK 1.38 for newWorkflowStub(Class, WorkflowTargetOptions), which builds its
  // stub with the SDK's legacy-targeting flag off where this one has it on: moving to it is a
  // behaviour change of its own, to make with the tests of the run it targets.
  @SuppressWarnings("deprecation")
  ActionResult deliver(Function<CutoverWorkflow, ActionResult> update, CutoverProgress progress) {
    requireWorker();
    CutoverWorkflow stub =
        temporal
            .client()
            .newWorkflowStub(CutoverWorkflow.class, run.workflowId(), Optional.of(run.runId()));
    CompletableFuture<ActionResult> sent = new CompletableFuture<>();
    Thread sender =
        new Thread(
            () -> {
              try {
                sent.complete(update.apply(stub));
              } catch (Throwable t) {
                sent.completeExceptionally(t);
              }
            },
            "cutover-update");
    sender.setDaemon(true);
    sender.start();
    try {
      return sent.get(waitForWorker.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new CliFailure(
          ExitCodes.UNREACHABLE,
          "no worker is running for task queue "
              + run.taskQueue()
              + " (none ran the decision within "
              + DurationText.of(waitForWorker)
              + "): the decision was NOT recorded; the server holds it for "
              + run.describe()
              + " and a worker that starts may still run it, so check `status` before deciding"
              + " again",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(ExitCodes.UNREACHABLE, "interrupted: the decision was not recorded", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (endedRun(cause)) {
        throw new CliFailure(
            ExitCodes.USAGE,
            "run "
                + run.runId()
                + " of cutover "
                + run.workflowId()
                + " ended before the decision arrived: "
                + progress.laterRun(run.runId()),
            cause);
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    }
  }

  /** Waits, bounded, until a worker answers the run's status query; exit 3 when none does. */
  private void requireWorker() {
    long deadline = System.nanoTime() + waitForWorker.toNanos();
    Duration first = QUIET_LOOK.compareTo(waitForWorker) < 0 ? QUIET_LOOK : waitForWorker;
    if (workerAnswers(first)) {
      return;
    }
    Duration left = Duration.ofNanos(deadline - System.nanoTime());
    if (!left.isNegative() && !left.isZero()) {
      notices.println(
          "waiting up to "
              + DurationText.of(waitForWorker)
              + " for a worker polling task queue "
              + run.taskQueue()
              + " to answer "
              + run.describe()
              + " (nothing is sent until one does; --wait-for-worker D waits longer)");
      notices.flush();
      if (workerAnswers(left)) {
        return;
      }
    }
    throw new CliFailure(
        ExitCodes.UNREACHABLE,
        "no worker is running for task queue "
            + run.taskQueue()
            + " (none answered within "
            + DurationText.of(waitForWorker)
            + "): the decision was not recorded, nothing was sent to "
            + run.describe()
            + "; start `cutover worker` (CUTOVER_TASK_QUEUE="
            + run.taskQueue()
            + ") or wait longer with --wait-for-worker D");
  }

  /**
   * True when a worker answered the status query within {@code limit}. Any answer counts, a failed
   * query too: only a worker can fail it. One gRPC call with its own deadline: the SDK's query
   * retries would not stop at the limit.
   */
  private boolean workerAnswers(Duration limit) {
    try {
      temporal
          .stubs()
          .blockingStub()
          .withDeadlineAfter(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS)
          .queryWorkflow(
              QueryWorkflowRequest.newBuilder()
                  .setNamespace(temporal.namespace())
                  .setExecution(
                      WorkflowExecution.newBuilder()
                          .setWorkflowId(run.workflowId())
                          .setRunId(run.runId()))
                  .setQuery(WorkflowQuery.newBuilder().setQueryType(STATUS_QUERY))
                  .build());
      return true;
    } catch (StatusRuntimeException e) {
      Status.Code code = e.getStatus().getCode();
      if (code == Status.Code.DEADLINE_EXCEEDED) {
        return false;
      }
      if (code == Status.Code.FAILED_PRECONDITION
          && String.valueOf(e.getStatus().getDescription()).contains("poller")) {
        // A full server answers at once when no worker polled the task queue recently.
        return false;
      }
      if (code == Status.Code.NOT_FOUND || code == Status.Code.UNAVAILABLE) {
        throw e;
      }
      return true;
    }
  }

  /** True when the update failed because its run has ended (another run may hold the id now). */
  private static boolean endedRun(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof WorkflowNotFoundException) {
        return true;
      }
      if (t instanceof StatusRuntimeException grpc
          && grpc.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return true;
      }
    }
    return false;
  }
}
