package io.dtscutover.cli.view;

import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.CommandHints;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.dts.AwaitProgress;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.StopQueueCause;
import io.dtscutover.dts.StopQueueWait;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.converter.DataConverter;
import io.temporal.internal.common.ProtobufTimeUtils;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads where a cutover is, the way an operator needs it: the workflow's own status (a query), the
 * freshest lag (the heartbeat of a running await activity, newer than the last snapshot the
 * workflow recorded), and the report once the run has closed. A closed run is read from its result,
 * so no worker is needed to see how a cutover ended.
 */
public final class CutoverProgress {
  /** The activity type of {@code DtsActivities.awaitCondition}, whose heartbeat carries lag. */
  private static final String AWAIT_ACTIVITY = "AwaitCondition";

  /** The query name of {@code CutoverWorkflow.status()}. */
  private static final String STATUS_QUERY = "status";

  /** How long a status query waits for a worker's answer. */
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

  /** Started, task scheduled, task started, task completed: the workflow has run once. */
  private static final long FIRST_TASK_COMPLETED = 4;

  private final TemporalConnection connection;
  private final String workflowId;

  public CutoverProgress(TemporalConnection connection, String workflowId) {
    this.connection = connection;
    this.workflowId = workflowId;
  }

  /**
   * One observation of run {@code runId} (the run that held the workflow id when it was made):
   * {@code status} is null while no worker has answered yet; {@code report} is set once the run has
   * closed; {@code liveSnapshot} is the freshest good DTS reading; {@code readingError}, when set,
   * says that the latest DTS reading failed (so {@code liveSnapshot} is not fresh) and why.
   */
  record Observation(
      String runId,
      CutoverStatus status,
      CutoverReport report,
      JobSnapshot liveSnapshot,
      boolean closed,
      List<String> retrying,
      Instant beginsAt,
      String readingError) {

    /** True while a delayed start ({@code start --at}) holds the cutover back. */
    boolean notBegun() {
      return beginsAt != null;
    }
  }

  Observation observe() {
    DescribeWorkflowExecutionResponse description = describe();
    WorkflowExecutionInfo info = description.getWorkflowExecutionInfo();
    String runId = info.getExecution().getRunId();
    WorkflowExecutionStatus runStatus = info.getStatus();
    if (runStatus != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      CutoverReport report = report();
      return new Observation(
          runId,
          null,
          report,
          report == null ? null : report.lastSnapshot(),
          true,
          List.of(),
          null,
          null);
    }
    Instant beginsAt =
        info.hasExecutionTime() ? ProtobufTimeUtils.toJavaInstant(info.getExecutionTime()) : null;
    if (beginsAt != null && beginsAt.isAfter(Instant.now())) {
      // Temporal holds a delayed start: no workflow code has run, so nothing can answer a query.
      return new Observation(runId, null, null, null, false, List.of(), beginsAt, null);
    }
    if (info.getHistoryLength() < FIRST_TASK_COMPLETED) {
      // No workflow task has completed yet: a query would reach a workflow without handlers.
      return new Observation(runId, null, null, null, false, List.of(), null, null);
    }
    CutoverStatus status = query(runId);
    AwaitProgress progress = awaitProgress(description);
    JobSnapshot live = progress == null ? null : progress.last();
    if (status != null
        && status.lastSnapshot() != null
        && (live == null || status.lastSnapshot().observedAt().isAfter(live.observedAt()))) {
      live = status.lastSnapshot();
    }
    Duration asked = status == null ? null : status.request().pollInterval();
    return new Observation(
        runId,
        status,
        null,
        live,
        false,
        retrying(description),
        null,
        readingError(progress, asked));
  }

  /**
   * The status of run {@code runId}, or null when no worker answered within {@link #QUERY_TIMEOUT}.
   * Sent as one gRPC call with its own deadline: the SDK's query retries would block for a minute
   * when no worker runs. Addressed to the run just described, so the status and the run id shown
   * with it (in the hints) belong to the same run.
   */
  private CutoverStatus query(String runId) {
    QueryWorkflowResponse response;
    try {
      response =
          connection
              .stubs()
              .blockingStub()
              .withDeadlineAfter(QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .queryWorkflow(
                  QueryWorkflowRequest.newBuilder()
                      .setNamespace(connection.namespace())
                      .setExecution(
                          WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
                      .setQuery(WorkflowQuery.newBuilder().setQueryType(STATUS_QUERY))
                      .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
        return null;
      }
      throw e;
    }
    return connection
        .client()
        .getOptions()
        .getDataConverter()
        .fromPayloads(
            0, Optional.of(response.getQueryResult()), CutoverStatus.class, CutoverStatus.class);
  }

  /**
   * The run to act on: {@code runId} when given, else the run that holds the workflow id now. Fails
   * with a usage error when that run has ended, so an action on it is refused in a sentence that
   * says how it ended (and which run, if any, holds the workflow id now) instead of a server error.
   */
  public CutoverRunRef requireOpen(String runId, CommandHints hints) {
    WorkflowExecutionInfo info = describe(runId).getWorkflowExecutionInfo();
    if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      if (runId == null) {
        throw CliFailure.usage(
            "cutover "
                + workflowId
                + " has already ended: nothing to act on; see `"
                + hints.report()
                + "`");
      }
      throw CliFailure.usage(
          "run " + runId + " of cutover " + workflowId + " has already ended: " + laterRun(runId));
    }
    return new CutoverRunRef(workflowId, info.getExecution().getRunId(), info.getTaskQueue());
  }

  /**
   * What to tell a person whose decision was meant for {@code endedRunId}: it does not carry over
   * to the run that now holds the workflow id, if there is one.
   */
  public String laterRun(String endedRunId) {
    WorkflowExecutionInfo current = describe(null).getWorkflowExecutionInfo();
    String currentRunId = current.getExecution().getRunId();
    if (current.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        && !currentRunId.equals(endedRunId)) {
      return "the decision was not recorded and does not carry over to run "
          + currentRunId
          + ", which holds the workflow id now; look at that run with `status`, then decide again";
    }
    return "the decision was not recorded; nothing to act on";
  }

  /** The report of a closed run (waits for it when the run is still open). */
  CutoverReport report() {
    try {
      return connection.client().newUntypedWorkflowStub(workflowId).getResult(CutoverReport.class);
    } catch (WorkflowFailedException e) {
      // The workflow reports aborts and failures itself; this is a terminate, cancel or timeout.
      throw new CliFailure(
          ExitCodes.CUTOVER_NOT_SUCCESSFUL,
          "cutover "
              + workflowId
              + " ended without a report ("
              + e.getWorkflowCloseEventType()
              + "): check the source's freeze state and the DTS task by hand",
          e);
    }
  }

  private DescribeWorkflowExecutionResponse describe() {
    return describe(null);
  }

  /** Describes run {@code runId}, or the run that holds the workflow id when it is null. */
  private DescribeWorkflowExecutionResponse describe(String runId) {
    WorkflowExecution.Builder execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId);
    if (runId != null) {
      execution.setRunId(runId);
    }
    try {
      return connection
          .stubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(connection.namespace())
                  .setExecution(execution)
                  .build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        throw new CliFailure(
            ExitCodes.USAGE,
            "no cutover "
                + workflowId
                + (runId == null ? "" : " run " + runId)
                + " in namespace "
                + connection.namespace()
                + " at "
                + connection.address()
                + ": check --job-id/--region (or --workflow-id); `cutover list` shows them",
            e);
      }
      throw e;
    }
  }

  /**
   * One line per activity that is being retried after a failure, with the failure's message: at 3
   * a.m. "could not reach DTS" must show while it happens, not minutes later in the report.
   */
  private static List<String> retrying(DescribeWorkflowExecutionResponse description) {
    List<String> lines = new ArrayList<>();
    for (PendingActivityInfo activity : description.getPendingActivitiesList()) {
      if (activity.getAttempt() > 1 && activity.hasLastFailure()) {
        lines.add(
            activity.getActivityType().getName()
                + " attempt "
                + activity.getAttempt()
                + " after: "
                + activity.getLastFailure().getMessage());
      }
    }
    return lines;
  }

  /**
   * The line that says the latest DTS reading of a running await failed, or {@code null}: with
   * DTS's code or HTTP status, and when the last good reading was taken.
   */
  static String readingError(AwaitProgress progress) {
    return readingError(progress, null);
  }

  /**
   * Like {@link #readingError(AwaitProgress)}; when the readings are fine but the held quiet window
   * waits for its region's stop budget, or readings come less often than {@code asked} (DTS's rate
   * limit cannot read every watched task that often), says so.
   */
  static String readingError(AwaitProgress progress, Duration asked) {
    if (progress == null) {
      return null;
    }
    if (progress.lastError() == null) {
      if (progress.stopQueue() != null) {
        StopQueueWait queue = progress.stopQueue();
        boolean cap = queue.waitedFor() == StopQueueCause.WORKER_FINISH_CAP;
        return "quiet window held from "
            + queue.heldFrom()
            + "; waiting "
            + DurationConverter.format(queue.waited())
            + (cap
                ? " so far for the worker's finish cap, "
                : " so far for the region's stop budget, ")
            + queue.ahead()
            + " ahead; still watched ("
            + (cap
                ? "the worker lets only DTS_FINISH_CAP held windows go to their stops at once, and"
                    + " none while the Temporal server is behind on its workflow tasks"
                : "DTS's rate limit lets only so many held windows stop a second")
            + "; see docs/performance.md)";
      }
      Duration every = progress.readInterval();
      if (every != null && asked != null && every.compareTo(asked) > 0) {
        return "DTS readings come every "
            + DurationConverter.format(every)
            + ", not every "
            + DurationConverter.format(asked)
            + " as asked: DTS's rate limit cannot read every task watched in the region that"
            + " often (the quiet window allows for it; see docs/performance.md)";
      }
      return null;
    }
    return "DTS reading failed at "
        + progress.lastErrorAt()
        + " ("
        + progress.failedReadings()
        + " failed so far, hold restarted "
        + progress.holdRestarts()
        + " times): "
        + progress.lastError()
        + (progress.last() == null
            ? ""
            : "; last good reading " + progress.last().observedAt() + ", not fresh");
  }

  private AwaitProgress awaitProgress(DescribeWorkflowExecutionResponse description) {
    DataConverter converter = connection.client().getOptions().getDataConverter();
    for (PendingActivityInfo activity : description.getPendingActivitiesList()) {
      if (AWAIT_ACTIVITY.equals(activity.getActivityType().getName())
          && activity.hasHeartbeatDetails()) {
        try {
          return converter.fromPayloads(
              0,
              Optional.of(activity.getHeartbeatDetails()),
              AwaitProgress.class,
              AwaitProgress.class);
        } catch (RuntimeException unreadable) {
          // Details from another version of the activity: fall back to the workflow's snapshot.
        }
      }
    }
    return null;
  }
}
