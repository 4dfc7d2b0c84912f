package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.scheduled;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.WaitCondition;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run that a deadline ends while DTS is being read says what DTS last answered: the cancelled
 * wait's heartbeat is out of the workflow's sight, so it reads DTS once more, after the source is
 * restored.
 */
class LastDtsAnswerTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private static final String EXCERPT = "Delay is negative (HTTP 200, Delay=-1)";

  /** What the adapter raises for a {@code Delay} that cannot be true. */
  private static final ApplicationFailure UNREADABLE =
      ApplicationFailure.newFailure(
          "DescribeDtsJobDetail for dtsjob01 in cn-hangzhou: DTS answered a reading that cannot be"
              + " true, so it is unreadable, not low: "
              + EXCERPT
              + " [request id r-garbage]",
          DtsFailures.UNREADABLE);

  private final FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();

  @Test
  void catchUpTimeoutWhileDtsIsUnreadableEndsWithDtsLastAnswerInTheReason(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describes(Snapshots.incremental(60_000))
            .hang(WaitCondition.LAG_AT_MOST)
            .describeFailsAfter(1, UNREADABLE);
    registerAndStart(env, worker, dts, source);

    CutoverReport report =
        result(start(client, worker, request().catchUpTimeout(Duration.ofMinutes(10)).build()));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(report.message().startsWith("lag did not come down"), report.message());
    assertTrue(
        report.message().contains("; last DTS answer: " + DtsFailures.UNREADABLE + ": "),
        report.message());
    assertTrue(report.message().contains(EXCERPT), report.message());
    assertEquals(0, source.count("freeze"), "nothing was frozen");
    assertEquals(2, dts.callsTo("describeJob").size(), "one attempt, not retried");
  }

  @Test
  void catchUpTimeoutWhileDtsAnswersEndsWithItsLastReadingInTheReason(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describes(Snapshots.incremental(60_000))
            .hang(WaitCondition.LAG_AT_MOST);
    registerAndStart(env, worker, dts, source);

    CutoverReport report =
        result(start(client, worker, request().catchUpTimeout(Duration.ofMinutes(10)).build()));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(
        report
            .message()
            .endsWith("; last DTS answer: Migrating, incremental Migrating, lag 60000 ms"),
        report.message());
  }

  @Test
  void freezeBudgetEndingTheQuietWindowRestoresFirstThenReadsDtsForTheReason(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describes(Snapshots.incremental(0))
            .hang(WaitCondition.CAUGHT_UP)
            .describeFailsAfter(1, UNREADABLE);
    registerAndStart(env, worker, dts, source);
    CutoverRequest request = request().maxFreeze(Duration.ofMinutes(4)).build();

    CutoverReport report = result(start(client, worker, request));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(report.message().startsWith("freeze budget of PT4M exhausted"), report.message());
    assertTrue(report.message().contains(EXCERPT), report.message());
    assertFalse(source.frozen, "the source was restored");
    List<HistoryEvent> history = client.fetchHistory(request.workflowId()).getEvents();
    long unfreeze = lastScheduled(history, "Unfreeze");
    long lastDescribe = lastScheduled(history, "DescribeJob");
    assertTrue(
        lastDescribe > unfreeze,
        "the restore (event "
            + unfreeze
            + ") is never delayed by the reading ("
            + lastDescribe
            + ")");
  }

  @Test
  void aStoppedTaskThatNeverFinishesFailsWithDtsLastAnswerInTheReason(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities().describes(Snapshots.incremental(0)).hang(WaitCondition.STOPPED);
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.FAILED, report.outcome(), report.message());
    assertTrue(report.message().startsWith("the task did not reach Finished"), report.message());
    assertTrue(
        report.message().endsWith("; last DTS answer: Migrating, incremental Catched, lag 0 ms"),
        report.message());
    assertTrue(source.frozen, "past the point of no return nothing is restored");
  }

  private static long lastScheduled(List<HistoryEvent> history, String activityType) {
    List<HistoryEvent> scheduled = scheduled(history, activityType);
    assertFalse(scheduled.isEmpty(), "no " + activityType + " scheduled");
    return scheduled.get(scheduled.size() - 1).getEventId();
  }
}
