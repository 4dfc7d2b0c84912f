package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.approvalAt;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitGate;
import static io.dtscutover.workflow.CutoverTestEnvironment.awaitStatus;
import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;

import io.dtscutover.approval.Gate;
import io.dtscutover.dts.CheckProgress;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.TableDifference;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.proof.ProofMode;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;

/**
 * Every shape a cutover's history can take, driven on the time-skipping test server with the
 * activity fakes. {@link GoldenHistoryRecording} records each shape's histories once; {@link
 * GoldenReplayTest} replays the recordings against today's code, so a change to a shape's command
 * sequence that is not behind {@code Workflow.getVersion} fails the build.
 */
enum GoldenShape {
  /** Incremental migration, freeze and stop gates approved by updates, completed. */
  INCREMENTAL_WITH_GATES {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(env, worker, caughtUpDts(), new FakeWriteFreezeActivities());
      CutoverWorkflow cutover =
          start(client, worker, request().approval(approvalAt(Gate.FREEZE, Gate.STOP)).build());
      awaitGate(cutover, Gate.FREEZE);
      cutover.approve(GateAction.of(Gate.FREEZE, "bob", "window open"));
      awaitGate(cutover, Gate.STOP);
      cutover.approve(GateAction.of(Gate.STOP, "bob", ""));
      result(cutover);
      return List.of(idOf(cutover), guardOf(cutover));
    }
  },
  /** The operator stops the writers and confirms it. */
  MANUAL_FREEZE {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(env, worker, caughtUpDts(), new FakeWriteFreezeActivities());
      CutoverWorkflow cutover =
          start(client, worker, request().freeze(FreezeStrategy.MANUAL, null).build());
      awaitStatus(cutover, "the manual freeze", CutoverStatus::awaitingWritesStopped);
      cutover.confirmWritesStopped(new WritesStopped("erin"));
      result(cutover);
      return List.of(idOf(cutover));
    }
  },
  /** Frozen and caught up, then aborted at the stop gate: the source is restored. */
  ABORT_AT_STOP_GATE {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(env, worker, caughtUpDts(), new FakeWriteFreezeActivities());
      CutoverWorkflow cutover =
          start(client, worker, request().approval(approvalAt(Gate.FREEZE, Gate.STOP)).build());
      awaitGate(cutover, Gate.FREEZE);
      cutover.approve(GateAction.of(Gate.FREEZE, "bob", ""));
      awaitGate(cutover, Gate.STOP);
      cutover.abort(new AbortAction("carol", "rollback drill"));
      result(cutover);
      return List.of(idOf(cutover), guardOf(cutover));
    }
  },
  /** Writes got through the freeze: abort and restore (recorded before the checks ran together). */
  BREACH {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(
          env, worker, caughtUpDts(), new FakeWriteFreezeActivities().breachOnVerify());
      CutoverWorkflow cutover = start(client, worker, request().build());
      result(cutover);
      return List.of(idOf(cutover), guardOf(cutover));
    }
  },
  /**
   * No gates, so straight to the stop: the freeze proven once, at the same time as the final
   * reading, and the guard's claim a local activity (since {@code straight-to-stop}).
   */
  UNGATED_STRAIGHT_TO_STOP {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(env, worker, caughtUpDts(), new FakeWriteFreezeActivities());
      CutoverWorkflow cutover = start(client, worker, request().build());
      result(cutover);
      return List.of(idOf(cutover), guardOf(cutover));
    }
  },
  /** Writes got through the freeze, seen by the proof beside the final reading: abort, restore. */
  BREACH_BESIDE_FINAL_READING {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(
          env, worker, caughtUpDts(), new FakeWriteFreezeActivities().breachOnVerify());
      CutoverWorkflow cutover = start(client, worker, request().build());
      result(cutover);
      return List.of(idOf(cutover), guardOf(cutover));
    }
  },
  /** A Paused task stopped without catch-up, as allowed. */
  STOP_AS_IS {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(
          env,
          worker,
          new FakeDtsActivities().describes(Snapshots.inState(JobStatus.PAUSED, "Suspending")),
          new FakeWriteFreezeActivities());
      CutoverWorkflow cutover = start(client, worker, request().allowPaused(true).build());
      result(cutover);
      return List.of(idOf(cutover));
    }
  },
  /** A task without incremental migration finishes by itself and is never stopped. */
  FULL_LOAD_ONLY {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(
          env,
          worker,
          new FakeDtsActivities().describes(Snapshots.fullOnlyLoading()),
          new FakeWriteFreezeActivities());
      CutoverWorkflow cutover = start(client, worker, request().build());
      result(cutover);
      return List.of(idOf(cutover));
    }
  },
  /** Checks and a plan, nothing changed. */
  DRY_RUN {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(env, worker, caughtUpDts(), new FakeWriteFreezeActivities());
      CutoverWorkflow cutover =
          start(client, worker, request().dryRun(true).deleteAfterStop(true).build());
      result(cutover);
      return List.of(idOf(cutover));
    }
  },
  /** A scheduled run finds a live cutover of the job and skips. */
  SCHEDULED_SKIP {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(env, worker, caughtUpDts(), new FakeWriteFreezeActivities());
      CutoverWorkflow byHand =
          start(client, worker, request().approval(approvalAt(Gate.FREEZE)).build());
      awaitGate(byHand, Gate.FREEZE);
      // A client that keeps the server's time still, so the live cutover's gate cannot expire.
      WorkflowClient timeStill =
          WorkflowClient.newInstance(
              env.getWorkflowServiceStubs(),
              WorkflowClientOptions.newBuilder()
                  .setNamespace(env.getNamespace())
                  .setDataConverter(CutoverDataConverter.INSTANCE)
                  .build());
      String scheduledId = "nightly-2026-12-01T02:00:00Z";
      timeStill
          .newWorkflowStub(
              ScheduledCutoverWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(scheduledId)
                  .setTaskQueue(worker.getTaskQueue())
                  .build())
          .run(request().build());
      byHand.abort(new AbortAction("alice", "recording over"));
      result(byHand);
      return List.of(scheduledId);
    }
  },
  /** DTS data verification required, clean: read at preflight, awaited before the stop gate. */
  VERIFICATION_PASSED {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(env, worker, caughtUpDts(), new FakeWriteFreezeActivities());
      CutoverWorkflow cutover =
          start(
              client,
              worker,
              request()
                  .approval(approvalAt(Gate.STOP))
                  .requireVerification(VerificationMode.BOTH)
                  .build());
      awaitGate(cutover, Gate.STOP);
      cutover.approve(GateAction.of(Gate.STOP, "bob", ""));
      result(cutover);
      return List.of(idOf(cutover), guardOf(cutover));
    }
  },
  /** DTS data verification shows differences: abort before the stop, the source restored. */
  VERIFICATION_DIFFERENCES {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      FakeDtsActivities dts =
          caughtUpDts()
              .verificationAwaits(
                  new VerificationState(
                      VerificationMode.INCREMENTAL,
                      List.of(new CheckProgress(VerificationMode.INCREMENTAL, 2, 2, null)),
                      List.of(new TableDifference(VerificationMode.INCREMENTAL, "shop.orders", 3)),
                      "req-diff",
                      null));
      registerAndStart(env, worker, dts, new FakeWriteFreezeActivities());
      CutoverWorkflow cutover =
          start(
              client, worker, request().requireVerification(VerificationMode.INCREMENTAL).build());
      result(cutover);
      return List.of(idOf(cutover), guardOf(cutover));
    }
  },
  /**
   * A wave of two jobs: one freeze and one stop approval for the wave, each job a child cutover
   * whose gates the wave decides and whose stop waits for the wave's order.
   */
  WAVE {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(env, worker, new WaveFakeDts(), new WaveFakeSources());
      io.dtscutover.wave.WaveRequest request =
          WaveWorkflowTest.wave(approvalAt(Gate.FREEZE, Gate.STOP));
      io.dtscutover.wave.WaveRequest two =
          new io.dtscutover.wave.WaveRequest(
              "golden",
              request.jobs().subList(0, 2),
              request.approval(),
              request.maxFreeze(),
              request.requestedBy(),
              false);
      io.dtscutover.wave.WaveWorkflow wave = WaveWorkflowTest.start(client, worker, two);
      WaveWorkflowTest.awaitWave(wave, "the freeze gate", s -> s.pendingGate() == Gate.FREEZE);
      wave.approve(GateAction.of(Gate.FREEZE, "bob", ""));
      WaveWorkflowTest.awaitWave(wave, "the stop gate", s -> s.pendingGate() == Gate.STOP);
      wave.approve(GateAction.of(Gate.STOP, "carol", ""));
      WaveWorkflowTest.result(wave);
      return List.of(
          two.workflowId(), two.jobs().get(0).workflowId(), two.jobs().get(1).workflowId());
    }
  },
  /** A schedule's run of a wave: the wave as its child wave-<id>, no gates, two jobs stopped. */
  SCHEDULED_WAVE {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      registerAndStart(env, worker, new WaveFakeDts(), new WaveFakeSources());
      io.dtscutover.wave.WaveRequest request =
          WaveWorkflowTest.wave(io.dtscutover.approval.ApprovalPolicy.noApprovals());
      io.dtscutover.wave.WaveRequest two =
          new io.dtscutover.wave.WaveRequest(
              "golden",
              request.jobs().subList(0, 2),
              request.approval(),
              request.maxFreeze(),
              request.requestedBy(),
              false);
      String scheduledId = "golden-wave-2026-12-01T02:00:00Z";
      client
          .newWorkflowStub(
              io.dtscutover.wave.ScheduledWaveWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(scheduledId)
                  .setTaskQueue(worker.getTaskQueue())
                  .build())
          .run(two);
      return List.of(scheduledId, two.workflowId());
    }
  },
  /** Marker proof: the marker is seen on the destination, then the quiet window and the stop. */
  MARKER_SEEN {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      FakeDtsActivities dts = caughtUpDts();
      registerAndStart(
          env, worker, dts, new FakeWriteFreezeActivities(), new FakeMarkerActivities(dts.calls));
      CutoverWorkflow cutover =
          start(client, worker, request().proof(ProofMode.MARKER, null, "orders-dest").build());
      result(cutover);
      return List.of(idOf(cutover), guardOf(cutover));
    }
  },
  /** Marker proof: the marker never arrives although DTS says lag 0; abort and restore. */
  MARKER_LOST {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      FakeDtsActivities dts = caughtUpDts();
      registerAndStart(
          env,
          worker,
          dts,
          new FakeWriteFreezeActivities(),
          new FakeMarkerActivities(dts.calls).lost());
      CutoverWorkflow cutover =
          start(client, worker, request().proof(ProofMode.MARKER, null, "orders-dest").build());
      result(cutover);
      return List.of(idOf(cutover), guardOf(cutover));
    }
  },
  /** The cutover is terminated while frozen: the freeze guard restores the source. */
  GUARD_RESTORE {
    @Override
    List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
      FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
      registerAndStart(env, worker, caughtUpDts(), source);
      CutoverWorkflow cutover =
          start(client, worker, request().approval(approvalAt(Gate.STOP)).build());
      awaitGate(cutover, Gate.STOP);
      WorkflowStub.fromTyped(cutover).terminate("recording the guard's restore");
      WorkflowStub guard = client.newUntypedWorkflowStub(guardOf(cutover));
      guard.getResult(Object.class);
      return List.of(guardOf(cutover));
    }
  };

  /** Drives the shape to its end and returns the ids of the workflows whose histories count. */
  abstract List<String> drive(TestWorkflowEnvironment env, Worker worker, WorkflowClient client);

  /** The resource of the shape's {@code index}th recorded history. */
  String resource(int index) {
    return "golden/" + name().toLowerCase(java.util.Locale.ROOT) + "-" + index + ".json";
  }

  /** The resource listing the workflow id of each recorded history, one a line, in order. */
  String idsResource() {
    return "golden/" + name().toLowerCase(java.util.Locale.ROOT) + ".ids";
  }

  private static FakeDtsActivities caughtUpDts() {
    return new FakeDtsActivities().describes(Snapshots.incremental(2000), Snapshots.incremental(0));
  }

  private static String idOf(CutoverWorkflow cutover) {
    return WorkflowStub.fromTyped(cutover).getExecution().getWorkflowId();
  }

  private static String guardOf(CutoverWorkflow cutover) {
    return idOf(cutover) + "-freeze-guard";
  }
}
