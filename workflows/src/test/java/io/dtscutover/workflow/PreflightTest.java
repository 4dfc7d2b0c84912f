package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.WaitCondition;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreflightTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  @ParameterizedTest(name = "{0} is refused")
  @CsvSource({
    "NOT_STARTED, NotStarted, has not started",
    "PRECHECKING, Prechecking, still prechecking",
    "PRECHECK_FAILED, PrecheckFailed, failed its precheck",
    "PAUSED, Suspending, --allow-paused",
    "FAILED, MigrationFailed, --allow-failed",
    "RETRYING, Retrying, not safe to cut over",
    "UNKNOWN, Reticulating, not safe to cut over"
  })
  void unsafeStatesAreRefusedAndNothingIsTouched(
      JobStatus status,
      String raw,
      String expectedReason,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.inState(status, raw));
    FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(ReasonCode.REFUSED_STATUS, report.reason(), report.message());
    assertTrue(report.message().contains(expectedReason), report.message());
    assertEquals(List.of("describeJob:dtsjob01"), dts.calls);
    assertTrue(source.calls.isEmpty());
  }

  @Test
  void finishedTaskIsReportedAsAlreadyCompleted(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.finished());
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());

    CutoverReport report = result(start(client, worker, request().deleteAfterStop(true).build()));

    assertEquals(Outcome.ALREADY_COMPLETED, report.outcome());
    assertEquals(List.of("describeJob:dtsjob01"), dts.calls);
  }

  @Test
  void pausedTaskIsStoppedWithoutCatchUpWhenAllowed(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities().describes(Snapshots.inState(JobStatus.PAUSED, "Suspending"));
    FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().allowPaused(true).build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(
        List.of(
            "describeJob:dtsjob01",
            "describeJob:dtsjob01",
            "stopJob:dtsjob01",
            "awaitCondition:STOPPED:PT0S"),
        dts.calls);
    assertTrue(source.calls.isEmpty(), "no catch-up is possible, so nothing is frozen");
  }

  @Test
  void failedTaskIsStoppedWhenAllowed(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities().describes(Snapshots.inState(JobStatus.FAILED, "Failed"));
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());

    CutoverReport report = result(start(client, worker, request().allowFailed(true).build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(1, dts.callsTo("stopJob").size());
  }

  @Test
  void fullLoadOnlyTaskIsLeftToFinishAndNeverStopped(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.fullOnlyLoading());
    FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(
        List.of("describeJob:dtsjob01", "awaitCondition:FULL_LOAD_FINISHED:PT0S"), dts.calls);
    assertFalse(report.taskStopped(), "the task finished by itself");
    assertTrue(source.calls.isEmpty());
  }

  @Test
  void fullLoadThatNeverEndsTimesOutWithoutStopping(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describes(Snapshots.fullOnlyLoading())
            .hang(WaitCondition.FULL_LOAD_FINISHED);
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());

    CutoverReport report =
        result(
            start(
                client,
                worker,
                request().waitForIncrementalTimeout(Duration.ofMinutes(30)).build()));

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(ReasonCode.FULL_LOAD_TIMEOUT, report.reason(), report.message());
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @Test
  void taskStillInFullLoadWaitsForIncrementalBeforeAnything(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities().describes(Snapshots.inFullLoad(), Snapshots.incremental(0));
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals("awaitCondition:INCREMENTAL_RUNNING:PT0S", dts.calls.get(1));
    assertEquals("awaitCondition:LAG_AT_MOST:PT0S", dts.calls.get(2));
  }

  @Test
  void jobThatTurnsUnsafeWhileWaitingAbortsTheCutover(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describes(Snapshots.incremental(90_000))
            .awaitFails(
                WaitCondition.LAG_AT_MOST,
                ApplicationFailure.newNonRetryableFailure(
                    "task went Failed while waiting", DtsFailures.JOB_STATE_UNSAFE));
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.ABORTED, report.outcome());
    assertEquals(ReasonCode.TASK_STATE_UNSAFE, report.reason(), report.message());
    assertEquals(1, dts.callsTo("awaitCondition").size(), "not retried");
  }

  @Test
  void dryRunChecksAndPlansButTouchesNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.incremental(2000));
    FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
    registerAndStart(env, worker, dts, source);

    CutoverReport report =
        result(start(client, worker, request().dryRun(true).deleteAfterStop(true).build()));

    assertEquals(Outcome.DRY_RUN, report.outcome());
    assertEquals(List.of("describeJob:dtsjob01"), dts.calls);
    assertTrue(source.calls.isEmpty());
    String plan = String.join("\n", report.plan());
    assertTrue(plan.contains("2000 ms, already low enough"), plan);
    assertTrue(plan.contains("mysql-read-only on orders-db"), plan);
    assertTrue(plan.contains("DeleteDtsJob"), plan);
  }

  @Test
  void throttledDescribeIsRetriedUntilItSucceeds(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describeFailsFirst(FakeDtsActivities.throttled(), FakeDtsActivities.throttled())
            .describes(Snapshots.finished());
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.ALREADY_COMPLETED, report.outcome());
    assertEquals(3, dts.callsTo("describeJob").size());
  }

  @Test
  void unknownJobFailsAtOnceWithItsNamedCause(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities().describeFailsFirst(FakeDtsActivities.notFound());
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.FAILED, report.outcome());
    assertEquals(ReasonCode.JOB_NOT_FOUND, report.reason(), report.message());
    assertTrue(report.message().contains("r-404"), "keeps the DTS request id: " + report.message());
    assertEquals(1, dts.callsTo("describeJob").size(), "not retried");
  }

  @Test
  void invalidRequestFailsTheWorkflowNamingTheField(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities();
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());

    CutoverRequest invalid = request().quietWindow(Duration.ofSeconds(-1)).build();
    WorkflowFailedException failure =
        assertThrows(WorkflowFailedException.class, () -> result(start(client, worker, invalid)));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertEquals(CutoverWorkflowImpl.INVALID_REQUEST, cause.getType());
    assertTrue(cause.getOriginalMessage().contains("quietWindow"), cause.getOriginalMessage());
    assertTrue(dts.calls.isEmpty());
  }

  /**
   * DTS answered at preflight, only never readably: the reason says so (exit 1), it is not "DTS
   * unreachable" (exit 3), and it quotes the answer.
   */
  @Test
  void answersUnreadableAtPreflightAreNotCalledUnreachable(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describeFailsAfter(
                0,
                ApplicationFailure.newFailure(
                    "DescribeDtsJobDetail for dtsjob01 in cn-hangzhou: DTS answered HTTP 502 with a"
                        + " body that is not JSON the SDK can read",
                    io.dtscutover.dts.DtsFailures.UNREADABLE));
    FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
    CutoverTestEnvironment.registerAndStart(env, worker, dts, source);

    CutoverReport report =
        CutoverTestEnvironment.result(
            CutoverTestEnvironment.start(client, worker, CutoverTestEnvironment.request().build()));

    assertEquals(ReasonCode.DTS_UNREADABLE, report.reason(), report.message());
    assertTrue(report.message().contains("HTTP 502"), report.message());
    assertTrue(source.calls.isEmpty(), "nothing frozen");
  }
}
