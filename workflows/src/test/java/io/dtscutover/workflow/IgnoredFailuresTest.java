package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitGate;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.dtscutover.approval.Gate;
import io.dtscutover.wave.WaveReport;
import io.dtscutover.wave.WaveWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A cutover leaves no failed promise unread. The SDK logs each one as a warning with its stack
 * trace every time the workflow's code is closed, which with sticky execution off is after every
 * workflow task: thousands of "never accessed" warnings in a worker's log for nothing that went
 * wrong, where an SRE would look for what did.
 */
class IgnoredFailuresTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private final FakeDtsActivities dts =
      new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));
  private final FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();

  private final Logger runner =
      (Logger) LoggerFactory.getLogger("io.temporal.internal.sync.DeterministicRunnerImpl");
  private final ListAppender<ILoggingEvent> warnings = new ListAppender<>();

  @BeforeEach
  void listen() {
    warnings.start();
    runner.addAppender(warnings);
  }

  @AfterEach
  void stopListening() {
    runner.detachAppender(warnings);
  }

  @Test
  void anUngatedCutoverLeavesNoFailureUnread(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);

    CutoverReport report = result(start(client, worker, request().build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(List.of(), ignored());
  }

  @Test
  void aCutoverApprovedAtItsGatesLeavesNoFailureUnread(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    registerAndStart(env, worker, dts, source);
    CutoverWorkflow cutover =
        start(client, worker, request().approval(approvalAt(Gate.FREEZE, Gate.STOP)).build());
    awaitGate(cutover, Gate.FREEZE);
    cutover.approve(GateAction.of(Gate.FREEZE, "bob", ""));
    awaitGate(cutover, Gate.STOP);
    cutover.approve(GateAction.of(Gate.STOP, "bob", ""));

    CutoverReport report = result(cutover);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(List.of(), ignored());
  }

  @Test
  void aWaveLeavesNoFailureUnread(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    CutoverTestEnvironment.registerAndStart(
        env, worker, new WaveFakeDts(), new WaveFakeSources(), new RecordingNotifications());
    WaveWorkflow wave =
        WaveWorkflowTest.start(
            client, worker, WaveWorkflowTest.wave(approvalAt(Gate.FREEZE, Gate.STOP)));
    WaveWorkflowTest.awaitWave(wave, "the freeze gate", s -> s.pendingGate() == Gate.FREEZE);
    wave.approve(GateAction.of(Gate.FREEZE, "bob", ""));
    WaveWorkflowTest.awaitWave(wave, "the stop gate", s -> s.pendingGate() == Gate.STOP);
    wave.approve(GateAction.of(Gate.STOP, "carol", ""));

    WaveReport report = WaveWorkflowTest.result(wave);

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(List.of(), ignored());
  }

  private List<String> ignored() {
    return warnings.list.stream()
        .filter(e -> e.getFormattedMessage().contains("never accessed"))
        .map(e -> e.getThrowableProxy() == null ? "?" : e.getThrowableProxy().getMessage())
        .toList();
  }
}
