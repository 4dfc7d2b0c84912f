package io.dtscutover.workflow;

import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.List;

/** Starts the cutover as a child under the job's own workflow id; see the interface. */
public class ScheduledCutoverWorkflowImpl implements ScheduledCutoverWorkflow {

  @Override
  public CutoverReport run(CutoverRequest request) {
    CutoverWorkflow cutover =
        Workflow.newChildWorkflowStub(
            CutoverWorkflow.class,
            CutoverWorkflowOptions.forChild(request)
                // The cutover outlives this run: terminating a schedule's run must never leave a
                // source frozen half-way.
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .build());
    return ScheduledRun.runOrSkip(() -> cutover.run(request), () -> skipped(request));
  }

  private static CutoverReport skipped(CutoverRequest request) {
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    String reason =
        "skipped: a cutover of "
            + request.jobId()
            + " is already running as "
            + request.workflowId()
            + "; nothing was changed";
    return new CutoverReport(
        request.workflowId(),
        request,
        Outcome.ABORTED,
        ReasonCode.ALREADY_RUNNING,
        reason,
        now,
        now,
        false,
        false,
        false,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(new TimelineEntry(now, Phase.ABORTED, reason)),
        List.of(),
        0,
        null,
        null);
  }
}
