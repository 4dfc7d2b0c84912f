package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitGate;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtscutover.approval.Gate;
import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.WaitCondition;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The quiet window's wait says whether the stop follows it at once, so that the worker paces only
 * the windows whose stops follow (its region's stop budget, its finish cap): a window before a
 * person's stop gate (or the wave's) must not hold a finish slot until the gate opens.
 */
class StopFollowsTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  @Test
  void anUngatedCutoversQuietWindowSaysTheStopFollows(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities().describes(Snapshots.incremental(4000), Snapshots.incremental(0));
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());

    result(start(client, worker, request().build()));

    assertEquals(List.of(true), quietWindows(dts));
  }

  @Test
  void aQuietWindowBeforeAPersonsStopGateSaysItDoesNot(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities().describes(Snapshots.incremental(4000), Snapshots.incremental(0));
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());

    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.STOP)).build());
    awaitGate(cutover, Gate.STOP);
    cutover.approve(GateAction.of(Gate.STOP, "carol", ""));
    result(cutover);

    assertEquals(List.of(false), quietWindows(dts));
  }

  /** What each quiet window (zero lag held for a while) said of the stop. */
  private static List<Boolean> quietWindows(FakeDtsActivities dts) {
    return dts.awaits.stream()
        .filter(await -> await.condition() == WaitCondition.CAUGHT_UP)
        .filter(await -> !await.holdFor().isZero())
        .map(AwaitRequest::endsBeforeAStop)
        .toList();
  }
}
