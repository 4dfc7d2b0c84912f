package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitGate;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtscutover.approval.Gate;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScheduledCutoverTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private final FakeDtsActivities dts =
      new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));
  private final FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();

  private static ScheduledCutoverWorkflow scheduledRun(
      WorkflowClient client, Worker worker, String runId) {
    return client.newWorkflowStub(
        ScheduledCutoverWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(runId)
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  @Test
  void scheduledRunCutsOverUnderTheJobsOwnWorkflowId(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);

    CutoverReport report =
        scheduledRun(client, worker, "nightly-2026-12-01T02:00:00Z").run(request().build());

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals("cutover-cn-hangzhou-dtsjob01", report.workflowId());
    assertEquals(1, dts.callsTo("stopJob").size());
  }

  @Test
  void scheduledRunIsSkippedWhileACutoverOfTheJobIsLive(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow byHand =
        start(client, worker, request().approval(approvalAt(Gate.FREEZE)).build());
    awaitGate(byHand, Gate.FREEZE);

    // Through a client that keeps the test server's time still: the environment's own client lets
    // time skip while it waits for a result, and the live cutover's only timer is its gate
    // deadline.
    WorkflowClient timeStill =
        WorkflowClient.newInstance(
            env.getWorkflowServiceStubs(),
            WorkflowClientOptions.newBuilder()
                .setNamespace(env.getNamespace())
                .setDataConverter(CutoverDataConverter.INSTANCE)
                .build());
    CutoverReport skipped =
        scheduledRun(timeStill, worker, "nightly-2026-12-01T02:00:00Z").run(request().build());

    assertEquals(Outcome.ABORTED, skipped.outcome());
    assertEquals(ReasonCode.ALREADY_RUNNING, skipped.reason(), skipped.message());
    assertEquals(Gate.FREEZE, byHand.status().pendingGate(), "the live cutover is unaffected");
    assertEquals(1, dts.callsTo("describeJob").size(), "the skipped run touched nothing");
    byHand.abort(new AbortAction("alice", "test over"));
    assertEquals(Outcome.ABORTED, result(byHand).outcome());
  }
}
