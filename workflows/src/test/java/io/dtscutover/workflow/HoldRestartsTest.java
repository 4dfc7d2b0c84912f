package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.dts.AwaitResult;
import io.dtscutover.dts.WaitCondition;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The report and the status say how often a held wait had to start over. */
class HoldRestartsTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  @Test
  void theReportCountsEveryRestartOfTheQuietWindow(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describes(Snapshots.incremental(0))
            .awaitReturns(WaitCondition.CAUGHT_UP, new AwaitResult(Snapshots.incremental(0), 3, 2));
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());

    CutoverReport report =
        result(start(client, worker, request().approval(ApprovalPolicy.noApprovals()).build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(3, report.holdRestarts(), "the quiet window restarted three times");
  }
}
