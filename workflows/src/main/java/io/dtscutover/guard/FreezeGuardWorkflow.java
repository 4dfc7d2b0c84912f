package io.dtscutover.guard;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Keeps one frozen source from staying frozen for good. Started by the cutover (workflow id {@code
 * <cutoverWorkflowId>-freeze-guard}, parent-close ABANDON) with the freeze receipt BEFORE the
 * freeze is applied, it sleeps until the freeze budget ends plus {@link
 * FreezeGuardWorkflowImpl#MARGIN}. If by then the cutover has neither released it (the source was
 * restored) nor claimed the point of no return, it restores the source with the receipt, tells the
 * cutover (best effort) and ends.
 *
 * <p>It promises: a claim is granted only while the budget has not run out and the guard has not
 * restored; after a grant it never restores; after a release it ends without restoring.
 */
@WorkflowInterface
public interface FreezeGuardWorkflow {
  /** The signal the guard sends the cutover after it restored the source; carries the reason. */
  String RESTORED_SIGNAL = "freezeGuardRestoredSource";

  /** Guards until released, or until the budget plus the margin; never throws. */
  @WorkflowMethod
  FreezeGuardReport guard(FreezeGuardRequest request);

  /**
   * The cutover asks, just before StopDtsJob, to pass the point of no return. Granted while the
   * budget runs and the guard has not restored (again on a repeated claim); refused otherwise, with
   * the reason. Without a grant there is no stop.
   */
  @UpdateMethod
  PointOfNoReturnClaim claimPointOfNoReturn();

  /** The cutover restored the source itself: the guard ends without restoring. */
  @SignalMethod
  void sourceRestored();
}
