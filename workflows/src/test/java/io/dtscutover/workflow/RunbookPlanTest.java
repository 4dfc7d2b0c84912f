package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.freeze.FreezeStrategy;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dry run's plan, walked by the runbook over {@link RunbookPlan} with no test server: the steps
 * the old, separate plan left out are in it, in the order the real run takes them.
 */
class RunbookPlanTest {
  private static List<String> plan(CutoverRequest request, JobSnapshot job) {
    RunbookPlan plan = new RunbookPlan(request, job, null);
    CutoverWorkflowImpl.runbook(Preflight.route(request, job), job, request, plan, () -> true);
    return plan.sentences();
  }

  @Test
  void anIncrementalCutoverIsPlannedStepByStep() {
    assertEquals(
        List.of(
            "wait for lag <= PT5S (now 2000 ms, already low enough), within PT20M or abort with"
                + " nothing frozen",
            "freeze gate (no approval required); anything but a pass aborts",
            "freeze writes on the source with mysql-read-only on orders-db, for at most PT30M,"
                + " guarded by a freeze guard that restores the source if this run cannot",
            "wait for zero lag held for PT3M (within PT20M, or abort and restore the source)",
            "stop gate (no approval required); anything but a pass aborts",
            "read the task again after the stop gate and verify the freeze at the same time: stop"
                + " it only if it is still Migrating or Synchronizing, its full load finished, its"
                + " lag 0 and Catched, and no write got through the freeze",
            "StopDtsJob and wait (up to PT30M) for Finished: the point of no return",
            "the source stays frozen: its writes now belong to the destination (if the rollback"
                + " plan needs it writable, undo the mysql-read-only on orders-db freeze by hand;"
                + " --unfreeze-after-stop does it for future cutovers)",
            "report COMPLETED: incremental migration caught up with writes frozen; the task was"
                + " stopped"),
        plan(request().build(), Snapshots.incremental(2000)));
  }

  @Test
  void aStopAsIsIsReadAgainAfterItsGateBeforeTheStop() {
    assertEquals(
        List.of(
            "stop gate (no approval required); anything but a pass aborts",
            "read the task again after the stop gate: stop it without catch-up only if it is still"
                + " Suspending",
            "StopDtsJob and wait (up to PT30M) for Finished: the point of no return",
            "report COMPLETED: the Suspending task was stopped without catch-up, as requested"),
        plan(
            request().allowPaused(true).build(),
            Snapshots.inState(JobStatus.PAUSED, "Suspending")));
  }

  @Test
  void aManualFreezeIsConfirmedByAPersonAndNotVerified() {
    List<String> plan = plan(request().freeze(FreezeStrategy.MANUAL, null).build(), caughtUp());

    assertTrue(
        plan.contains(
            "manual freeze: the freeze budget of PT30M starts; stop the writers on the source,"
                + " then confirm with confirm-freeze within PT30M"),
        plan.toString());
    assertTrue(plan.stream().noneMatch(s -> s.startsWith("verify the freeze")), plan.toString());
  }

  @Test
  void anUnfreezeAfterTheStopIsPlannedInsteadOfTheFrozenSource() {
    List<String> plan = plan(request().unfreezeAfterStop(true).build(), caughtUp());

    assertTrue(
        plan.contains("restore the source (mysql-read-only on orders-db), as requested"),
        plan.toString());
    assertTrue(plan.stream().noneMatch(s -> s.startsWith("the source stays frozen")));
  }

  @Test
  void aMemberOfAWaveWaitsForTheWavesStopOrderRightBeforeTheStop() {
    List<String> plan = plan(request().waveId("w1").build(), caughtUp());

    int order = plan.indexOf("wait for wave w1 to order the stop of every job together");
    assertTrue(order > 0, plan.toString());
    assertTrue(plan.get(order + 1).startsWith("StopDtsJob"), plan.toString());
  }

  private static JobSnapshot caughtUp() {
    return Snapshots.incremental(0);
  }
}
