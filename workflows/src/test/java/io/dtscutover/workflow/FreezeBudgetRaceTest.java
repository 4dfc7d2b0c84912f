package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.awaitStatus;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.scheduled;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static io.dtscutover.workflow.CutoverTestEnvironment.timelineAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.util.Durations;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every step before the point of no return is raced against the freeze budget and a person's abort,
 * measured on the history of a time-skipping run.
 */
class FreezeBudgetRaceTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private static final Duration BUDGET = Duration.ofMinutes(4);

  /** Preflight reads fine; from the describe just before the stop on, DTS throttles every call. */
  private final FakeDtsActivities dts =
      new FakeDtsActivities()
          .describes(Snapshots.incremental(2000), Snapshots.incremental(0))
          .throttledAfter(1);

  private final FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();

  @Test
  void budgetEndsAThrottledDescribeAndTheRestoreIsScheduledInTheSameWorkflowTask(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverRequest request = request().maxFreeze(BUDGET).build();

    CutoverReport report = result(start(client, worker, request));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(report.message().contains("freeze budget of PT4M exhausted"), report.message());
    assertFalse(source.frozen);
    assertTrue(dts.callsTo("stopJob").isEmpty());

    List<HistoryEvent> history = client.fetchHistory(request.workflowId()).getEvents();
    HistoryEvent fired = budgetTimerFired(history);
    HistoryEvent unfreeze = scheduled(history, "Unfreeze").get(0);
    long tasksBetween =
        history.stream()
            .filter(
                e -> e.getEventId() > fired.getEventId() && e.getEventId() < unfreeze.getEventId())
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
            .count();
    assertEquals(
        1, tasksBetween, "the restore must be scheduled by the workflow task the budget fired in");
    assertTrue(
        scheduled(history, "StopJob").stream().noneMatch(e -> e.getEventId() > fired.getEventId()),
        "no StopDtsJob after the budget ran out");
  }

  @Test
  void windowEndInterruptsAThrottledDescribeBeforeTheBudgetDoes(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    Instant now = Instant.ofEpochMilli(env.currentTimeMillis());
    Instant windowEnd = now.plus(Duration.ofMinutes(4));

    CutoverReport report =
        result(start(client, worker, request().window(now.minusSeconds(60), windowEnd).build()));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(report.message().contains("maintenance window ended at"), report.message());
    assertFalse(
        timelineAt(report, "restoring the source").isAfter(windowEnd.plusSeconds(1)),
        "restored within one poll interval of the window's end");
    assertFalse(source.frozen);
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void abortActsAtOnceWhileTheDescribeBeforeTheStopIsThrottled(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    awaitStatus(
        cutover,
        "the throttled describe before the stop",
        s -> s.phase() == Phase.STOPPING && dts.callsTo("describeJob").size() >= 2);

    cutover.abort(new AbortAction("dave", "pager storm"));
    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals("aborted by dave: pager storm", report.message());
    assertEquals(
        timelineAt(report, "abort requested by dave"),
        timelineAt(report, "restoring the source"),
        "the restore starts in the workflow task that accepted the abort");
    assertFalse(source.frozen);
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void abortWhileTheFreezeRunsRestoresAtOnceAndAgainOnceTheFreezeHasEnded(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    Hold freeze = new Hold();
    source.freezeHeld(freeze);
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    freeze.awaitEntered();

    cutover.abort(new AbortAction("dave", "wrong database"));
    awaitStatus(cutover, "the first restore", s -> source.count("unfreeze") == 1);
    freeze.release(); // the interrupted freeze applies after the first restore
    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(2, source.count("unfreeze"));
    assertFalse(source.frozen, "a freeze that applied after the restore was undone");
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void abortWhileTheFreezeIsVerifiedActsBeforeTheVerifyEnds(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    Hold verify = new Hold();
    source.verifyHeld(verify);
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    verify.awaitEntered();

    try {
      cutover.abort(new AbortAction("dave", "pager storm"));
      awaitStatus(cutover, "the restore", s -> source.count("unfreeze") == 1);
    } finally {
      verify.release();
    }

    assertEquals(Outcome.ABORTED, result(cutover).outcome());
    assertFalse(source.frozen);
  }

  @Test
  void abortIsRefusedWhileStopDtsJobIsInFlight(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    Hold stop = new Hold();
    dts.throttledAfter(Integer.MAX_VALUE).stopHeld(stop);
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover = start(client, worker, request().build());
    stop.awaitEntered();

    try {
      WorkflowUpdateException refused =
          assertThrows(
              WorkflowUpdateException.class,
              () -> cutover.abort(new AbortAction("dave", "too late")));
      assertTrue(
          refused.getCause().getMessage().contains("StopDtsJob is being sent"),
          refused.getCause().getMessage());
    } finally {
      stop.release();
    }

    assertEquals(Outcome.COMPLETED, result(cutover).outcome());
  }

  @Test
  void throttledStopIsRetriedOnlyWhileTheBudgetLasts(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    ApplicationFailure[] throttled = new ApplicationFailure[40];
    Arrays.fill(throttled, FakeDtsActivities.throttled());
    dts.throttledAfter(Integer.MAX_VALUE).stopFailsFirst(throttled);
    registerAndStart(env, worker, dts, source);
    CutoverRequest request = request().maxFreeze(BUDGET).build();

    CutoverReport report = result(start(client, worker, request));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(report.message().contains("freeze budget of PT4M exhausted"), report.message());
    assertFalse(source.frozen, "a throttled stop was never executed: the source is restored");
    assertTrue(dts.callsTo("stopJob").size() > 1, "throttling is retried");
    List<HistoryEvent> history = client.fetchHistory(request.workflowId()).getEvents();
    long fired = budgetTimerFired(history).getEventId();
    assertTrue(
        scheduled(history, "StopJob").stream().noneMatch(e -> e.getEventId() > fired),
        "no StopDtsJob after the budget ran out");
  }

  /** The firing of the one long-lived timer started at the freeze, for the budget. */
  private static HistoryEvent budgetTimerFired(List<HistoryEvent> history) {
    long started =
        history.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
            .filter(
                e ->
                    Durations.toMillis(e.getTimerStartedEventAttributes().getStartToFireTimeout())
                        == BUDGET.toMillis())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no budget timer in " + history))
            .getEventId();
    return history.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_FIRED)
        .filter(e -> e.getTimerFiredEventAttributes().getStartedEventId() == started)
        .findFirst()
        .orElseThrow(() -> new AssertionError("the budget timer never fired"));
  }
}
