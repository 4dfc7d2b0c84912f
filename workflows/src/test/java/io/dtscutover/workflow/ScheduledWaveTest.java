package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.wave.ScheduledWaveWorkflow;
import io.dtscutover.wave.WaveReport;
import io.dtscutover.wave.WaveWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A schedule's run of a wave: the wave under its own id, and never twice at once. */
class ScheduledWaveTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private static ScheduledWaveWorkflow scheduledRun(
      WorkflowClient client, Worker worker, String runId) {
    return client.newWorkflowStub(
        ScheduledWaveWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(runId)
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  @Test
  void scheduledRunCutsTheWaveOverUnderTheWavesOwnWorkflowId(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    WaveFakeDts dts = new WaveFakeDts();
    CutoverTestEnvironment.registerAndStart(env, worker, dts, new WaveFakeSources());

    WaveReport report =
        scheduledRun(client, worker, "orders-wave-2026-12-01T02:00:00Z")
            .run(WaveWorkflowTest.wave(ApprovalPolicy.noApprovals()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals("wave-orders", report.workflowId());
    assertEquals(
        Outcome.COMPLETED,
        client.newUntypedWorkflowStub("wave-orders").getResult(WaveReport.class).outcome(),
        "the wave ran as wave-orders, addressable like one started by hand");
    assertEquals(3, report.stoppedJobs().size());
  }

  @Test
  void scheduledRunIsSkippedWhileTheWaveIsLive(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    WaveFakeDts dts = new WaveFakeDts();
    WaveFakeSources sources = new WaveFakeSources();
    CutoverTestEnvironment.registerAndStart(env, worker, dts, sources);
    WaveWorkflow byHand =
        WaveWorkflowTest.start(client, worker, WaveWorkflowTest.wave(approvalAt(Gate.FREEZE)));
    WaveWorkflowTest.awaitWave(byHand, "the freeze gate", s -> s.pendingGate() == Gate.FREEZE);

    // A client that keeps the test server's time still: the live wave's only timers are deadlines.
    WorkflowClient timeStill =
        WorkflowClient.newInstance(
            env.getWorkflowServiceStubs(),
            WorkflowClientOptions.newBuilder()
                .setNamespace(env.getNamespace())
                .setDataConverter(CutoverDataConverter.INSTANCE)
                .build());
    WaveReport skipped =
        scheduledRun(timeStill, worker, "orders-wave-2026-12-01T02:00:00Z")
            .run(WaveWorkflowTest.wave(ApprovalPolicy.noApprovals()));

    assertEquals(Outcome.ABORTED, skipped.outcome());
    assertEquals(ReasonCode.ALREADY_RUNNING, skipped.reason(), skipped.message());
    assertTrue(skipped.message().contains("wave-orders"), skipped.message());
    assertEquals(Gate.FREEZE, byHand.status().pendingGate(), "the live wave is unaffected");
    assertTrue(dts.callsTo("stopJob").isEmpty(), "the skipped run stopped nothing");
    byHand.abort(new AbortAction("alice", "test over"));
    assertEquals(
        Outcome.ABORTED, WorkflowStub.fromTyped(byHand).getResult(WaveReport.class).outcome());
  }
}
