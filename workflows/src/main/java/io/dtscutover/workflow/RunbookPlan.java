package io.dtscutover.workflow;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.dts.WaitCondition;
import io.dtscutover.proof.ProofMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The dry run's {@link RunbookSteps}: takes no step, writes one sentence per step, in the order the
 * runbook walks them, from the request and the one reading the dry run made. Pure: no workflow
 * call, so it can be walked anywhere.
 */
final class RunbookPlan implements RunbookSteps {
  private final CutoverRequest request;
  private final JobSnapshot job;
  private final VerificationState verification;
  private final List<String> sentences = new ArrayList<>();

  /**
   * @param job the preflight reading the plan is made from
   * @param verification DTS data verification as read at preflight, or {@code null}
   */
  RunbookPlan(CutoverRequest request, JobSnapshot job, VerificationState verification) {
    this.request = request;
    this.job = job;
    this.verification = verification;
  }

  /** The plan so far: one sentence per step walked. */
  List<String> sentences() {
    return List.copyOf(sentences);
  }

  @Override
  public void waitForFullLoadEnd() {
    add("wait (up to " + request.waitForIncrementalTimeout() + ") for the full load to end");
  }

  @Override
  public void waitForIncremental() {
    add(
        "wait (up to "
            + request.waitForIncrementalTimeout()
            + ") for the full load to end and incremental migration to start");
  }

  @Override
  public void waitForWindow() {
    String latest =
        request.notAfter() == null
            ? ""
            : "freeze no later than "
                + request.notAfter().minus(request.quietWindow())
                + " (the window closes at "
                + request.notAfter()
                + "), or abort with nothing frozen";
    if (request.notBefore() == null) {
      add(latest);
    } else {
      add(
          "wait for the maintenance window to open at "
              + request.notBefore()
              + (latest.isEmpty() ? "" : "; " + latest));
    }
  }

  @Override
  public JobSnapshot waitForLowLag() {
    boolean lowNow =
        WaitCondition.LAG_AT_MOST.evaluate(job, request.maxLagBeforeFreeze())
            == WaitCondition.ReadingVerdict.MET;
    add(
        "wait for lag <= "
            + request.maxLagBeforeFreeze()
            + " (now "
            + (job.delayMillis() == null ? "unknown" : job.delayMillis() + " ms")
            + (lowNow ? ", already low enough)" : ")")
            + ", within "
            + request.catchUpTimeout()
            + " or abort with nothing frozen");
    return job;
  }

  @Override
  public void requireGate(Gate gate, JobSnapshot reading) {
    add(gate.cliName() + " gate (" + gateNote(gate) + "); anything but a pass aborts");
  }

  @Override
  public void freezeSource() {
    String budget = "; the freeze budget of " + request.maxFreeze() + " starts";
    switch (request.freezeStrategy()) {
      case NONE ->
          add(
              "freeze strategy none: writes were stopped by the operator before the cutover"
                  + budget);
      case MANUAL -> {
        Duration confirmWithin = request.approval().deadlineFor(Gate.FREEZE);
        if (confirmWithin.compareTo(request.maxFreeze()) > 0) {
          confirmWithin = request.maxFreeze();
        }
        add(
            "manual freeze: the freeze budget of "
                + request.maxFreeze()
                + " starts; stop the writers on the source, then confirm with confirm-freeze"
                + " within "
                + confirmWithin);
      }
      default ->
          add(
              "freeze writes on the source with "
                  + CutoverMessages.describeFreeze(request)
                  + ", for at most "
                  + request.maxFreeze()
                  + ", guarded by a freeze guard that restores the source if this run cannot");
    }
  }

  @Override
  public void waitForZeroLag() {
    add("wait for zero lag");
  }

  @Override
  public void proveWithMarker() {
    add(
        "write a marker row on "
            + request.markerSource()
            + " and wait until "
            + request.proofDestination()
            + " shows it (within "
            + request.catchUpTimeout()
            + ", or abort and restore the source)");
  }

  @Override
  public JobSnapshot holdZeroLag() {
    add(
        "wait for zero lag held for "
            + request.quietWindow()
            + (request.proof() == ProofMode.MARKER ? " since the marker was seen" : "")
            + " (within "
            + request.catchUpTimeout()
            + ", or abort and restore the source)");
    return job;
  }

  @Override
  public void verifyFreeze(String moment) {
    add("verify the freeze still holds " + moment + ": a write that got through aborts");
  }

  @Override
  public void awaitDataVerification() {
    add(
        "wait for DTS data verification ("
            + request.requireVerification().cliName()
            + ") to complete with no table differing; differences abort ("
            + (verification == null ? "not read" : verification.describe())
            + " now)");
  }

  @Override
  public void confirmStillAsAccepted(JobSnapshot accepted) {
    add(
        "read the task again after the stop gate: stop it without catch-up only if it is still "
            + accepted.rawStatus());
  }

  @Override
  public void confirmReadyToStop() {
    add(
        "read the task again after the stop gate: stop it only if it is still Migrating or"
            + " Synchronizing, its full load finished, its lag 0 and Catched");
  }

  @Override
  public void confirmReadyToStopWhileFrozen() {
    add(
        "read the task again after the stop gate and verify the freeze at the same time: stop it"
            + " only if it is still Migrating or Synchronizing, its full load finished, its lag 0"
            + " and Catched, and no write got through the freeze");
  }

  @Override
  public void awaitWaveStop() {
    add("wait for wave " + request.waveId() + " to order the stop of every job together");
  }

  @Override
  public void stopTask() {
    add(
        "StopDtsJob and wait (up to "
            + CutoverWorkflowImpl.STOP_TIMEOUT
            + ") for Finished: the point of no return");
  }

  @Override
  public void deleteTask() {
    add(
        "delete gate ("
            + gateNote(Gate.DELETE)
            + "), then DeleteDtsJob (a PrePaid instance is left for the DTS console)");
  }

  @Override
  public void endFreeze() {
    if (request.unfreezeAfterStop() && request.freezeStrategy().runsOnWorker()) {
      add("restore the source (" + CutoverMessages.describeFreeze(request) + "), as requested");
    } else if (request.unfreezeAfterStop()) {
      add(
          "writes were stopped outside dts-cutover ("
              + request.freezeStrategy().cliName()
              + "): resume them by hand");
    } else {
      add(CutoverMessages.sourceStaysFrozen(request));
    }
  }

  @Override
  public void complete(ReasonCode code, String summary) {
    add("report COMPLETED: " + summary);
  }

  private String gateNote(Gate gate) {
    ApprovalPolicy policy = request.approval();
    if (policy.waitsForPerson(gate)) {
      return "waits up to " + policy.deadlineFor(gate) + " for approval";
    }
    return policy.autoApprove() != null && policy.autoApprove().contains(gate)
        ? "auto-approved"
        : "no approval required";
  }

  private void add(String sentence) {
    sentences.add(sentence);
  }
}
