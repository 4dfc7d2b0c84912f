package io.dtscutover.guard;

import io.temporal.activity.ActivityInterface;

/**
 * Workflow code cannot send an update to another workflow, so the cutover claims the point of no
 * return from its guard through this activity.
 */
@ActivityInterface
public interface FreezeGuardActivities {

  /**
   * Sends the {@code claimPointOfNoReturn} update to the guard run {@code guardRunId} of {@code
   * guardWorkflowId} and returns its answer; a guard that no longer runs refuses.
   */
  PointOfNoReturnClaim claimPointOfNoReturn(String guardWorkflowId, String guardRunId);
}
