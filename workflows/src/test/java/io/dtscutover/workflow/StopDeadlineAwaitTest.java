package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.scheduled;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import io.dtscutover.dts.WaitCondition;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An await bounded by the stop deadline is ended by the stop deadline's one timer while it is still
 * open, never by its own timeout at the same instant: an activity that times out while the timer's
 * workflow task cancels it makes the test server reject that task's commands (an unknown activity),
 * and the cutover stalls before its restore (temporalio/sdk-java#2391).
 */
class StopDeadlineAwaitTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  /** Real seconds: the open await holds the test server's time skipping. */
  private static final Duration BUDGET = Duration.ofSeconds(5);

  @Test
  void theStopDeadlineEndsAnAwaitThatIsStillOpenAndTheSourceIsRestored(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    // Caught up before the freeze; after it DTS never shows zero lag (unreadable answers, say).
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describes(Snapshots.incremental(2000))
            .keepsPolling(WaitCondition.CAUGHT_UP);
    FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
    registerAndStart(env, worker, dts, source);
    CutoverRequest request = request().quietWindow(Duration.ofSeconds(3)).maxFreeze(BUDGET).build();

    CutoverReport report = result(start(client, worker, request));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(report.message().contains("freeze budget of PT5S exhausted"), report.message());
    assertFalse(source.frozen, "the source was restored");
    assertTrue(dts.callsTo("stopJob").isEmpty());

    List<HistoryEvent> history = client.fetchHistory(request.workflowId()).getEvents();
    List<HistoryEvent> awaits = scheduled(history, "AwaitCondition");
    HistoryEvent await = awaits.get(awaits.size() - 1); // the wait for zero lag, while frozen
    HistoryEvent timer = stopDeadlineTimer(history);
    long awaitEnds =
        Timestamps.toMillis(await.getEventTime())
            + Durations.toMillis(
                await.getActivityTaskScheduledEventAttributes().getScheduleToCloseTimeout());
    long timerFires =
        Timestamps.toMillis(timer.getEventTime())
            + Durations.toMillis(timer.getTimerStartedEventAttributes().getStartToFireTimeout());
    assertTrue(
        awaitEnds - timerFires >= Duration.ofSeconds(10).toMillis(),
        "the await must outlive the stop deadline's timer by more than a workflow task; it ends "
            + (awaitEnds - timerFires)
            + " ms after it");
    assertTrue(
        history.stream()
            .anyMatch(
                e ->
                    e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED
                        && e.getActivityTaskCancelRequestedEventAttributes().getScheduledEventId()
                            == await.getEventId()),
        "the timer's workflow task cancelled the await while it was open");
  }

  /** The one long-lived timer started at the freeze. */
  private static HistoryEvent stopDeadlineTimer(List<HistoryEvent> history) {
    return history.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
        .filter(
            e ->
                Durations.toMillis(e.getTimerStartedEventAttributes().getStartToFireTimeout())
                    == BUDGET.toMillis())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stop deadline timer in " + history));
  }
}
