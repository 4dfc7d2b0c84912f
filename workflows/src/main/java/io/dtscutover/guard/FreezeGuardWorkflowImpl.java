package io.dtscutover.guard;

import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * One timer, one activity, one signal: kept this small on purpose, because it is what runs when
 * everything else is broken. It ignores cancellation (a guard ended early would leave a frozen
 * source unguarded); only terminating it removes it.
 */
public class FreezeGuardWorkflowImpl implements FreezeGuardWorkflow {
  /**
   * How long after the freeze budget the guard waits before it restores. The cutover enforces the
   * budget itself and restores within a poll interval or two, so it normally acts first and its
   * report tells the whole story; two minutes leave it room for that, including a slow first
   * unfreeze attempt, while bounding the worst case (a cutover that cannot act) at the budget plus
   * two minutes. Correctness does not depend on it: claims are refused from the budget's end on.
   */
  public static final Duration MARGIN = Duration.ofMinutes(2);

  private static final Logger log = Workflow.getLogger(FreezeGuardWorkflowImpl.class);

  /** The same policy as the cutover's own restore: retried until it succeeds. */
  private static final ActivityOptions RESTORE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setHeartbeatTimeout(WriteFreezeActivities.RESTORE_HEARTBEAT_TIMEOUT)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setBackoffCoefficient(2)
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .build())
          .setSummary("Freeze guard: restore the source")
          .build();

  private final FreezeGuardRequest request;
  private boolean released;
  private boolean restoring;
  private Instant claimedAt;

  @WorkflowInit
  public FreezeGuardWorkflowImpl(FreezeGuardRequest request) {
    this.request = request;
  }

  @Override
  public FreezeGuardReport guard(FreezeGuardRequest ignoredSameAsInit) {
    FreezeGuardReport[] report = new FreezeGuardReport[1];
    Workflow.newDetachedCancellationScope(() -> report[0] = watch()).run();
    return report[0];
  }

  private FreezeGuardReport watch() {
    Duration left = Duration.between(now(), request.budgetEnds().plus(MARGIN));
    if (!left.isNegative() && !left.isZero()) {
      Workflow.await(left, () -> released);
    }
    if (claimedAt != null) {
      return end(
          FreezeGuardOutcome.CLAIMED,
          "the cutover claimed the point of no return at "
              + claimedAt
              + "; the guard never restores");
    }
    if (released) {
      return end(FreezeGuardOutcome.RELEASED, "the cutover restored the source itself");
    }
    restoring = true;
    String reason =
        "the freeze guard restored the source: the freeze budget ended at "
            + request.budgetEnds()
            + " and by "
            + now()
            + " the cutover had neither restored it nor claimed the point of no return";
    restore();
    tellTheCutover(reason);
    return end(FreezeGuardOutcome.RESTORED, reason);
  }

  private void restore() {
    WriteFreezeActivities source = Workflow.newActivityStub(WriteFreezeActivities.class, RESTORE);
    while (true) {
      try {
        source.unfreeze(request.receipt());
        return;
      } catch (ActivityFailure failure) {
        // Only a non-retryable error gets here; it still must not leave the source frozen.
        log.warn(
            "freeze guard: unfreeze failed, trying again in a minute: {}", failure.getMessage());
        Workflow.sleep(Duration.ofMinutes(1));
      }
    }
  }

  /** Best effort: the cutover may be terminated, or stuck and unable to read the signal. */
  private void tellTheCutover(String reason) {
    WorkflowExecution cutover =
        WorkflowExecution.newBuilder()
            .setWorkflowId(request.cutoverWorkflowId())
            .setRunId(request.cutoverRunId())
            .build();
    try {
      Workflow.newUntypedExternalWorkflowStub(cutover).signal(RESTORED_SIGNAL, reason);
    } catch (ApplicationFailure gone) {
      log.info("freeze guard: the cutover {} did not take the signal", cutover.getWorkflowId());
    }
  }

  @Override
  public PointOfNoReturnClaim claimPointOfNoReturn() {
    Instant now = now();
    if (claimedAt != null) {
      return PointOfNoReturnClaim.grant("granted at " + claimedAt);
    }
    if (restoring) {
      return PointOfNoReturnClaim.refuse("the guard has restored the source");
    }
    if (released) {
      return PointOfNoReturnClaim.refuse("the cutover already restored the source");
    }
    if (!now.isBefore(request.budgetEnds())) {
      return PointOfNoReturnClaim.refuse(
          "the freeze budget ended at " + request.budgetEnds() + " (now " + now + ")");
    }
    claimedAt = now;
    return PointOfNoReturnClaim.grant(
        "granted at " + now + ", before the freeze budget ends at " + request.budgetEnds());
  }

  @Override
  public void sourceRestored() {
    released = true;
  }

  private static FreezeGuardReport end(FreezeGuardOutcome outcome, String reason) {
    log.info("freeze guard ended {}: {}", outcome, reason);
    return new FreezeGuardReport(outcome, reason, now());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
