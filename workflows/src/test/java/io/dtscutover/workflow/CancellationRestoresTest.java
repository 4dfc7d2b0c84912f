package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.awaitStatus;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cancelling the workflow restores the source, wherever the cancellation lands: inside the freeze,
 * the verify, the describe before the stop, or the restore itself.
 */
class CancellationRestoresTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private final FakeDtsActivities dts =
      new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));
  private final FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
  private final Hold hold = new Hold();

  @AfterEach
  void releaseHeldCalls() {
    hold.release();
  }

  @Test
  void cancelWhileTheFreezeRunsUndoesTheFreezeOnceItHasEnded(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    source.freezeHeld(hold);
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    hold.awaitEntered();

    WorkflowStub.fromTyped(cutover).cancel();
    awaitStatus(cutover, "the first restore", s -> source.count("unfreeze") == 1);
    hold.release();

    assertCancelled(cutover);
    assertEquals(2, source.count("unfreeze"));
  }

  @Test
  void cancelWhileTheFreezeIsVerifiedRestores(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    source.verifyHeld(hold);
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    hold.awaitEntered();

    WorkflowStub.fromTyped(cutover).cancel();

    assertCancelled(cutover);
    // The verify and the final reading beside it are abandoned, not cancelled: a cancel sent for
    // the reading as it completes stalled the run on the test server (1 run in 4).
    assertTrue(
        client.fetchHistory(request().build().workflowId()).getEvents().stream()
            .noneMatch(HistoryEvent::hasActivityTaskCancelRequestedEventAttributes),
        "a cancel was sent for the checks before the stop");
  }

  @Test
  void cancelWhileTheDescribeBeforeTheStopRunsRestores(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    dts.describeHeldAt(2, hold);
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    hold.awaitEntered();

    WorkflowStub.fromTyped(cutover).cancel();

    assertCancelled(cutover);
  }

  @Test
  void cancelWhileTheRestoreRunsDoesNotInterruptIt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    source.breachOnVerify().firstUnfreezeHeldThenFails(hold);
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    hold.awaitEntered();

    WorkflowStub.fromTyped(cutover).cancel();
    hold.release(); // this attempt fails; the restore must still be retried

    assertCancelled(cutover);
    assertEquals(2, source.count("unfreeze"), "the failed attempt was retried");
  }

  /**
   * An abort arrives while the freeze is being applied by a worker that then goes away: the source
   * is restored at once, and again once the interrupted freeze has ended; a worker that takes the
   * cutover over (replaying its history) resumes exactly there.
   */
  @Test
  void anAbortWhileTheFreezeIsAppliedRestoresTheSourceAndReplaysOnANewWorker(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    source.freezeHeld(hold);
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    hold.awaitEntered();

    cutover.abort(new AbortAction("bob", "app errors"));
    awaitStatus(cutover, "the first restore", s -> source.count("unfreeze") == 1);
    // A new worker replays the history so far and takes over where the first one stopped.
    io.temporal.testing.WorkflowReplayer.replayWorkflowExecution(
        client.fetchHistory(request().build().workflowId()), CutoverWorkflowImpl.class);
    hold.release();
    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.ABORTED_BY_PERSON, report.reason());
    assertEquals(2, source.count("unfreeze"), "restored again after the late freeze");
    assertFalse(source.frozen, "the source was left frozen");
    assertTrue(dts.callsTo("stopJob").isEmpty());
    io.temporal.testing.WorkflowReplayer.replayWorkflowExecution(
        client.fetchHistory(request().build().workflowId()), CutoverWorkflowImpl.class);
  }

  private void assertCancelled(CutoverWorkflow cutover) {
    WorkflowFailedException failure =
        assertThrows(WorkflowFailedException.class, () -> result(cutover));
    assertInstanceOf(CanceledFailure.class, failure.getCause());
    assertFalse(source.frozen, "the source was left frozen");
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }
}
