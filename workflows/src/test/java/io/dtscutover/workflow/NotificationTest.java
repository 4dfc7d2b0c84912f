package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitGate;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.Gate;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationKind;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NotificationTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private final FakeDtsActivities dts =
      new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));

  @Test
  void waitingGateAndTheEndAreAnnouncedWithTheCommandToRun(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    RecordingNotifications notifications = new RecordingNotifications();
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities(), notifications);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.STOP)).build());
    awaitGate(cutover, Gate.STOP);
    cutover.approve(GateAction.of(Gate.STOP, "bob", ""));
    assertEquals(Outcome.COMPLETED, result(cutover).outcome());

    List<NotificationKind> kinds =
        notifications.received.stream().map(CutoverNotification::kind).toList();
    assertEquals(List.of(NotificationKind.GATE_WAITING, NotificationKind.COMPLETED), kinds);
    CutoverNotification waiting = notifications.received.get(0);
    assertEquals("stop", waiting.gate());
    assertEquals(
        "cutover approve --job-id dtsjob01 --region cn-hangzhou --gate stop --as YOUR_NAME",
        waiting.command());
    assertTrue(waiting.deadline() != null);
  }

  @Test
  void failingNotificationsNeverChangeTheOutcome(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    RecordingNotifications broken = new RecordingNotifications().failing();
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities(), broken);

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.COMPLETED, report.outcome());
    assertEquals(3, broken.received.size(), "three attempts, then given up");
  }
}
