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
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Guards determinism: a recorded history must replay against the current code. */
class CutoverReplayTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  @Test
  void recordedCutoverWithGatesAndAnAbortReplays(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    registerAndStart(
        env,
        worker,
        new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0)),
        new FakeWriteFreezeActivities());
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.FREEZE, Gate.STOP)).build());
    awaitGate(cutover, Gate.FREEZE);
    cutover.approve(GateAction.of(Gate.FREEZE, "bob", ""));
    awaitGate(cutover, Gate.STOP);
    cutover.abort(new AbortAction("carol", "rollback drill"));
    assertEquals(Outcome.ABORTED, result(cutover).outcome());

    String workflowId = WorkflowStub.fromTyped(cutover).getExecution().getWorkflowId();
    WorkflowExecutionHistory history = client.fetchHistory(workflowId);
    WorkflowReplayer.replayWorkflowExecution(
        // The workflow id must come along: the freeze guard's child id is derived from it.
        WorkflowExecutionHistory.fromJson(history.toJson(true), workflowId),
        CutoverWorkflowImpl.class);
  }
}
