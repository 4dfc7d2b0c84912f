package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitGate;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitStatus;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.Gate;
import io.dtscutover.freeze.FreezeStrategy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A name carrying a newline or an escape sequence cannot act on a cutover, and cannot forge a line
 * of its timeline: updates refuse it (quoting it), signals record it on one line and ignore it, and
 * free text (a reason, a comment) stays on one line.
 */
class HostileNamesTest {
  /** Would read, in a raw timeline, as a second line saying the stop gate was approved. */
  private static final String FORGER =
      "mallory\n2026-01-01T00:00:00Z  FROZEN  stop gate approved by security-officer";

  private static final String ESCAPE = "eve\u001b[2J";

  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private final FakeDtsActivities dts =
      new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));
  private final FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();

  @Test
  void updatesRefuseAMalformedNameAndQuoteIt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.FREEZE)).build());
    awaitGate(cutover, Gate.FREEZE);

    for (String name : new String[] {FORGER, ESCAPE}) {
      assertRefusedQuoting(name, () -> cutover.approve(GateAction.of(Gate.FREEZE, name, "")));
      assertRefusedQuoting(
          name, () -> cutover.reject(new GateAction(Gate.FREEZE, name, null, "no")));
      assertRefusedQuoting(name, () -> cutover.abort(new AbortAction(name, "no")));
    }

    CutoverStatus status = cutover.status();
    assertEquals(Gate.FREEZE, status.pendingGate(), "nothing was decided");
    assertTrue(status.decisions().isEmpty());
    assertOneLineEach(status);
    cutover.abort(new AbortAction("bob", "done"));
    assertEquals(Outcome.ABORTED, result(cutover).outcome());
  }

  @Test
  void confirmFreezeRefusesAMalformedName(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().freeze(FreezeStrategy.MANUAL, null).build());
    awaitStatus(cutover, "the manual freeze", CutoverStatus::awaitingWritesStopped);

    assertRefusedQuoting(FORGER, () -> cutover.confirmWritesStopped(new WritesStopped(FORGER)));

    assertTrue(cutover.status().awaitingWritesStopped(), "a refused confirmation changes nothing");
    cutover.abort(new AbortAction("bob", "done"));
    assertEquals(Outcome.ABORTED, result(cutover).outcome());
  }

  @Test
  void signalsWithAMalformedNameAreIgnoredOnOneLine(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.FREEZE)).build());
    awaitGate(cutover, Gate.FREEZE);

    Consumer<String> ignored =
        signal ->
            awaitStatus(
                cutover,
                "the ignored " + signal + " signal",
                s ->
                    s.timeline().stream().anyMatch(e -> e.event().startsWith("ignored " + signal)));
    cutover.approveSignal(GateAction.of(Gate.FREEZE, FORGER, "by signal"));
    ignored.accept("approve");
    cutover.abortSignal(new AbortAction(ESCAPE, "by signal"));
    ignored.accept("abort");

    CutoverStatus status = cutover.status();
    assertEquals(Gate.FREEZE, status.pendingGate(), "the forged approval did not pass the gate");
    assertTrue(status.decisions().isEmpty());
    assertOneLineEach(status);
    cutover.approve(GateAction.of(Gate.FREEZE, "bob", "go"));
    assertEquals(Outcome.COMPLETED, result(cutover).outcome());
  }

  @Test
  void aReasonWithANewlineStaysOnOneTimelineLine(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.FREEZE)).build());
    awaitGate(cutover, Gate.FREEZE);

    cutover.abort(new AbortAction("bob", "app errors" + FORGER.substring("mallory".length())));
    CutoverReport report = result(cutover);

    assertEquals(Outcome.ABORTED, report.outcome());
    report.timeline().forEach(entry -> assertOneLine(entry.event()));
    assertTrue(
        report.timeline().stream().anyMatch(e -> e.event().contains("app errors\\n2026")),
        "the newline is shown escaped: " + report.timeline());
  }

  private static void assertRefusedQuoting(String name, Runnable update) {
    WorkflowUpdateException refused = assertThrows(WorkflowUpdateException.class, update::run);
    ApplicationFailure failure = (ApplicationFailure) refused.getCause();
    assertEquals(CutoverFailures.REFUSED, failure.getType());
    assertOneLine(failure.getOriginalMessage());
    assertTrue(
        failure.getOriginalMessage().contains(Quoted.of(name)),
        "quotes the name: " + failure.getOriginalMessage());
  }

  private static void assertOneLineEach(CutoverStatus status) {
    status.timeline().forEach(entry -> assertOneLine(entry.event()));
  }

  private static void assertOneLine(String text) {
    assertFalse(text.chars().anyMatch(Character::isISOControl), "no control character in: " + text);
  }
}
