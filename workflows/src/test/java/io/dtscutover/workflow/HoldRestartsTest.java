package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.dts.AwaitResult;
import io.dtscutover.dts.StopQueueWait;
import io.dtscutover.dts.WaitCondition;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
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

  @Test
  void theTimelineSaysHowLongTheHeldWindowWaitedForTheStopBudget(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    Instant heldFrom = Instant.parse("2026-01-01T00:00:00Z");
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describes(Snapshots.incremental(0))
            .awaitReturns(
                WaitCondition.CAUGHT_UP,
                AwaitResult.of(Snapshots.incremental(0))
                    .withStopQueue(new StopQueueWait(heldFrom, Duration.ofSeconds(40), 380)));
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());

    CutoverReport report =
        result(start(client, worker, request().approval(ApprovalPolicy.noApprovals()).build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    String line =
        "quiet window held from "
            + heldFrom
            + "; waited 40.0 s for the region's stop budget behind 380 other cutovers";
    assertTrue(
        report.timeline().stream().anyMatch(entry -> entry.event().equals(line)),
        report.timeline().toString());
  }
}
