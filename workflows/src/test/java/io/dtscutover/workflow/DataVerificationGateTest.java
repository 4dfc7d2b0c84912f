package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitGate;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.Gate;
import io.dtscutover.dts.CheckProgress;
import io.dtscutover.dts.TableDifference;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.notify.NotificationKind;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code requireVerification}: DTS data verification gates the stop. DTS is faked at the activity
 * interface; the adapter and the simulator are tested in the worker module.
 */
class DataVerificationGateTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private final FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
  private final RecordingNotifications notifications = new RecordingNotifications();

  private static FakeDtsActivities caughtUp() {
    return new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));
  }

  private static VerificationState withDifferences() {
    return new VerificationState(
        VerificationMode.INCREMENTAL,
        List.of(new CheckProgress(VerificationMode.INCREMENTAL, 3, 3, List.of())),
        List.of(
            new TableDifference(VerificationMode.INCREMENTAL, "shop.orders", 3),
            new TableDifference(VerificationMode.INCREMENTAL, "shop.payments", 12)),
        "req-diff",
        null);
  }

  @Test
  void differencesAbortBeforeTheStopAndRestoreTheSource(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = caughtUp().verificationAwaits(withDifferences());
    registerAndStart(env, worker, dts, source, notifications);

    CutoverReport report =
        result(
            start(
                client,
                worker,
                request().requireVerification(VerificationMode.INCREMENTAL).build()));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.VERIFICATION_FAILED, report.reason());
    assertTrue(report.message().contains("shop.orders (3 rows differ"), report.message());
    assertTrue(report.message().contains("shop.payments (12 rows differ"), report.message());
    assertTrue(dts.callsTo("stopJob").isEmpty(), "StopDtsJob was sent");
    assertFalse(source.frozen, "the source was not restored");
    assertTrue(source.calls.contains("unfreeze"));
    assertEquals(2, report.verification().differences().size());
    CutoverNotification aborted = notifications.received.get(notifications.received.size() - 1);
    assertEquals(NotificationKind.ABORTED, aborted.kind());
    assertTrue(aborted.text().contains("shop.payments"), aborted.text());
    // The verification is read frozen and caught up, never before.
    List<String> calls = dts.calls;
    assertTrue(
        calls.indexOf("awaitCondition:CAUGHT_UP:PT3M")
            < calls.indexOf("awaitVerification:incremental"),
        calls.toString());
  }

  @Test
  void aCleanVerificationLetsTheStopGatePassAndIsShownThere(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = caughtUp();
    registerAndStart(env, worker, dts, source, notifications);
    CutoverRequest request =
        request()
            .approval(approvalAt(Gate.STOP))
            .requireVerification(VerificationMode.BOTH)
            .build();
    CutoverWorkflow cutover = start(client, worker, request);

    CutoverStatus atGate = awaitGate(cutover, Gate.STOP);
    assertTrue(atGate.verification().passes(), atGate.verification().describe());
    cutover.approve(GateAction.of(Gate.STOP, "bob", ""));
    CutoverReport report = result(cutover);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(1, dts.callsTo("stopJob").size());
    assertTrue(dts.calls.indexOf("awaitVerification:both") < dts.calls.indexOf("stopJob:dtsjob01"));
    CutoverNotification gate = notifications.received.get(0);
    assertEquals(NotificationKind.GATE_WAITING, gate.kind());
    assertTrue(gate.text().contains("DTS data verification: full check: 1 of 1"), gate.text());
  }

  @ParameterizedTest(name = "dry run {0}")
  @ValueSource(booleans = {false, true})
  void aTaskWithoutVerificationIsRefusedAtPreflight(
      boolean dryRun, TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        caughtUp()
            .verificationReads(
                new VerificationState(
                    VerificationMode.BOTH,
                    List.of(
                        new CheckProgress(VerificationMode.FULL, 0, 0, null),
                        new CheckProgress(VerificationMode.INCREMENTAL, 4, 4, null)),
                    List.of(),
                    "req-none",
                    null));
    registerAndStart(env, worker, dts, source);

    CutoverReport report =
        result(
            start(
                client,
                worker,
                request().requireVerification(VerificationMode.BOTH).dryRun(dryRun).build()));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.VERIFICATION_FAILED, report.reason());
    assertTrue(
        report.message().contains("has no full data verification configured"), report.message());
    assertTrue(source.calls.isEmpty(), "the source was touched: " + source.calls);
    assertTrue(dts.callsTo("awaitCondition").isEmpty(), "it went on past preflight");
  }

  @Test
  void aDryRunPlansTheVerificationWithItsStateNow(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = caughtUp();
    registerAndStart(env, worker, dts, source);

    CutoverReport report =
        result(
            start(
                client,
                worker,
                request().requireVerification(VerificationMode.FULL).dryRun(true).build()));

    assertEquals(Outcome.DRY_RUN, report.outcome(), report.message());
    assertTrue(
        report.plan().stream()
            .anyMatch(
                step ->
                    step.startsWith("wait for DTS data verification (full)")
                        && step.contains("full check: 1 of 1 tables done")),
        report.plan().toString());
    assertTrue(dts.callsTo("awaitVerification").isEmpty(), "a dry run waits for nothing");
  }

  @Test
  void aVerificationThatNeverCompletesAbortsAtItsDeadlineWithoutATimerPerPoll(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = caughtUp().verificationHangs();
    registerAndStart(env, worker, dts, source);
    CutoverRequest request = request().requireVerification(VerificationMode.FULL).build();

    CutoverReport report = result(start(client, worker, request));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.VERIFICATION_FAILED, report.reason());
    assertTrue(report.message().contains("did not complete within"), report.message());
    assertTrue(dts.callsTo("stopJob").isEmpty());
    assertFalse(source.frozen, "the source was not restored");
    long timers =
        client.fetchHistory(request.workflowId()).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_TIMER_STARTED)
            .count();
    assertEquals(1, timers, "only the freeze's one stop-deadline timer");
  }

  @Test
  void anUnfinishedAnswerIsNeverAPass(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts =
        caughtUp()
            .verificationAwaits(
                new VerificationState(
                    VerificationMode.FULL,
                    List.of(new CheckProgress(VerificationMode.FULL, 5, 4, null)),
                    List.of(),
                    "req-partial",
                    null));
    registerAndStart(env, worker, dts, source);

    CutoverReport report =
        result(start(client, worker, request().requireVerification(VerificationMode.FULL).build()));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.VERIFICATION_FAILED, report.reason());
    assertTrue(report.message().contains("4 of 5 tables done"), report.message());
    assertTrue(dts.callsTo("stopJob").isEmpty());
    assertFalse(source.frozen);
  }

  @Test
  void aFullLoadOnlyTaskIsRefusedWithTheOption(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.fullOnlyLoading());
    registerAndStart(env, worker, dts, source);

    CutoverReport report =
        result(start(client, worker, request().requireVerification(VerificationMode.FULL).build()));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.VERIFICATION_FAILED, report.reason());
    assertTrue(report.message().contains("full-load-only"), report.message());
    assertTrue(dts.callsTo("awaitCondition").isEmpty());
  }

  @Test
  void withoutTheOptionVerificationIsNeverRead(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = caughtUp();
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertTrue(dts.callsTo("describeVerification").isEmpty());
    assertTrue(dts.callsTo("awaitVerification").isEmpty());
    assertNull(report.verification());
  }
}
