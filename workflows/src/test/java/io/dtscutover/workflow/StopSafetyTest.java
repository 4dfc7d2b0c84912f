package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitGate;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.Gate;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No stop that can lose data: the last reading before {@code StopDtsJob}, stop-as-is, and what a
 * refused or lost stop answer means.
 */
class StopSafetyTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private final FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();

  static Stream<Arguments> notReadyToStop() {
    return Stream.of(
        Arguments.of(
            "Locked, lag 0, Catched",
            Snapshots.reading(
                JobStatus.LOCKED, "Locked", IncrementalStatus.CATCHED, 0L, FullLoadStatus.FINISHED),
            "status is Locked"),
        Arguments.of(
            "Initializing, lag 0, Catched",
            Snapshots.reading(
                JobStatus.INITIALIZING,
                "Initializing",
                IncrementalStatus.CATCHED,
                0L,
                FullLoadStatus.FINISHED),
            "status is Initializing"),
        Arguments.of(
            "full load still migrating",
            Snapshots.reading(
                JobStatus.MIGRATING,
                "Migrating",
                IncrementalStatus.CATCHED,
                0L,
                FullLoadStatus.MIGRATING),
            "full load has not finished"),
        Arguments.of(
            "lag 0 but not Catched",
            Snapshots.reading(
                JobStatus.MIGRATING,
                "Migrating",
                IncrementalStatus.MIGRATING,
                0L,
                FullLoadStatus.FINISHED),
            "does not say Catched"),
        Arguments.of(
            "Catched but lag 800 ms",
            Snapshots.reading(
                JobStatus.MIGRATING,
                "Migrating",
                IncrementalStatus.CATCHED,
                800L,
                FullLoadStatus.FINISHED),
            "lag is not zero"));
  }

  @ParameterizedTest(name = "{0}: not stopped")
  @MethodSource("notReadyToStop")
  void lastReadingBeforeTheStopMustBeReady(
      String name,
      JobSnapshot lastReading,
      String why,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities().describes(Snapshots.incremental(2000), lastReading);
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertNotStoppedAndRestored(dts, report, why);
  }

  @Test
  void lastReadingIsTakenAfterTheStopGateWasDecided(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.STOP)).build());
    awaitGate(cutover, Gate.STOP);

    // While the person decides, writes got through somewhere and the task fell behind.
    dts.nowReads(Snapshots.incremental(4000));
    cutover.approve(GateAction.of(Gate.STOP, "bob", ""));
    CutoverReport report = result(cutover);

    assertNotStoppedAndRestored(dts, report, "lag is not zero");
  }

  @Test
  void freezeMustStillHoldJustBeforeTheStop(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));
    source.breachOnVerifyNumber(1);
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertNotStoppedAndRestored(dts, report, "Com_insert went from 10 to 12");
    assertEquals(
        1,
        source.count("verify"),
        "with nothing waiting before the stop, the one verify is the one beside the final reading");
  }

  @Test
  void freezeMustStillHoldAfterTheStopGateWasDecided(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));
    source.breachOnVerifyNumber(2);
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.STOP)).build());
    awaitGate(cutover, Gate.STOP);
    assertEquals(1, source.count("verify"), "the freeze was verified before the person decides");

    cutover.approve(GateAction.of(Gate.STOP, "bob", ""));
    CutoverReport report = result(cutover);

    assertNotStoppedAndRestored(dts, report, "Com_insert went from 10 to 12");
    assertEquals(2, source.count("verify"), "the second verify is the one before the stop");
  }

  @ParameterizedTest(name = "{1} during the full load is not stopped")
  @MethodSource("stoppedDuringFullLoad")
  void stopAsIsNeverStopsATaskWhoseFullLoadHasNotFinished(
      JobSnapshot reading,
      String raw,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(reading);
    registerAndStart(env, worker, dts, source);

    CutoverReport report =
        result(start(client, worker, request().allowPaused(true).allowFailed(true).build()));

    assertEquals(Outcome.ABORTED, report.outcome());
    assertTrue(
        report.reason() == ReasonCode.REFUSED_STATUS,
        "refused before any gate: " + report.message());
    assertTrue(report.message().contains("full load has not finished"), report.message());
    assertEquals(List.of("describeJob:dtsjob01"), dts.calls);
  }

  static Stream<Arguments> stoppedDuringFullLoad() {
    return Stream.of(
        Arguments.of(
            Snapshots.reading(
                JobStatus.PAUSED,
                "Suspending",
                IncrementalStatus.NOT_STARTED,
                null,
                FullLoadStatus.MIGRATING),
            "Suspending"),
        Arguments.of(
            Snapshots.reading(
                JobStatus.FAILED,
                "Failed",
                IncrementalStatus.NOT_STARTED,
                null,
                FullLoadStatus.FAILED),
            "Failed"),
        Arguments.of(
            Snapshots.reading(
                JobStatus.FAILED,
                "Failed",
                IncrementalStatus.NOT_STARTED,
                null,
                FullLoadStatus.ABSENT),
            "Failed (full load unknown)"));
  }

  @Test
  void pausedTaskThatResumedDuringTheStopGateIsNotStopped(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities().describes(Snapshots.inState(JobStatus.PAUSED, "Suspending"));
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().allowPaused(true).approval(approvalAt(Gate.STOP)).build());
    awaitGate(cutover, Gate.STOP);

    dts.nowReads(Snapshots.incremental(5000));
    cutover.approve(GateAction.of(Gate.STOP, "bob", ""));
    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome());
    assertTrue(report.message().contains("changed from Suspending to Migrating"), report.message());
    assertTrue(dts.callsTo("stopJob").isEmpty());
    assertTrue(source.calls.isEmpty());
  }

  @Test
  void stopAsIsRereadWithoutAFinishedFullLoadIsNotStopped(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    JobSnapshot paused = Snapshots.inState(JobStatus.PAUSED, "Suspending");
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describes(paused, Snapshots.withFullLoad(paused, FullLoadStatus.ABSENT));
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().allowPaused(true).build()));

    assertEquals(Outcome.ABORTED, report.outcome());
    assertTrue(report.message().contains("full load has not finished"), report.message());
    assertTrue(dts.callsTo("stopJob").isEmpty());
  }

  @ParameterizedTest(name = "StopDtsJob refused with {0}: aborted, restored")
  @CsvSource({
    "DtsPermissionDenied, Forbidden.RAM: User not authorized to operate on the specified resource",
    "DtsInvalidParameter, InvalidParameter: DtsJobId is mandatory for this action",
    "DtsJobStateUnsafe, OperationDenied.JobStatusNotSupport: the job cannot be stopped now",
    "DtsJobNotFound, DTS job dtsjob01 not found in cn-hangzhou",
    "DtsConfiguration, ALIBABA_CLOUD_ACCESS_KEY_ID is not set"
  })
  void stopRefusedByDtsIsBeforeThePointOfNoReturn(
      String type,
      String message,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client) {
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describes(Snapshots.incremental(2000), Snapshots.incremental(0))
            .stopFailsFirst(ApplicationFailure.newNonRetryableFailure(message, type));
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(
        report.message().contains("DTS refused StopDtsJob (" + type + ")"), report.message());
    assertTrue(report.message().contains(message), report.message());
    assertFalse(source.frozen, "a refused stop restores the source");
    assertFalse(report.sourceFrozen());
    assertFalse(report.taskStopped());
    assertEquals(1, dts.callsTo("stopJob").size(), "a refusal is not retried");
  }

  @Test
  void lostStopAnswerThenARefusedRetryWhileStoppingEndsCompleted(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    JobSnapshot stopping =
        Snapshots.reading(
            JobStatus.UNKNOWN, "Stopping", IncrementalStatus.CATCHED, 0L, FullLoadStatus.FINISHED);
    FakeDtsActivities dts =
        new FakeDtsActivities()
            .describes(
                Snapshots.incremental(2000),
                Snapshots.incremental(0),
                // the first stop took effect, but DTS still shows the task running
                Snapshots.incremental(0),
                stopping)
            .stopFailsFirst(
                ApplicationFailure.newFailure(
                    "Read timed out after 10000 ms", DtsFailures.TRANSIENT),
                ApplicationFailure.newNonRetryableFailure(
                    "OperationDenied.JobStatusModifying: the job is being stopped (request id r-9)",
                    DtsFailures.JOB_STATE_UNSAFE));
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertTrue(report.taskStopped());
    assertEquals(2, dts.callsTo("stopJob").size());
    assertEquals(0, source.count("unfreeze"), "past the point of no return nothing is restored");
    assertTrue(
        report.timeline().stream()
            .anyMatch(e -> e.event().contains("the outcome of StopDtsJob is unknown")),
        report.timeline().toString());
  }

  private void assertNotStoppedAndRestored(
      FakeDtsActivities dts, CutoverReport report, String why) {
    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertTrue(report.message().contains(why), report.message());
    assertTrue(dts.callsTo("stopJob").isEmpty(), "StopDtsJob was sent");
    assertFalse(source.frozen, "the source was not restored");
  }
}
