package io.dtscutover.guard;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.Optional;

/**
 * Claims through the worker's {@link WorkflowClient}. It lives beside the workflow because it needs
 * nothing but Temporal: the worker registers it with its own client.
 */
public final class FreezeGuardActivitiesImpl implements FreezeGuardActivities {
  private final WorkflowClient client;

  public FreezeGuardActivitiesImpl(WorkflowClient client) {
    this.client = client;
  }

  // Deprecated in SDK 1.38 for newWorkflowStub(Class, WorkflowTargetOptions), which builds its
  // stub with the SDK's legacy-targeting flag off where this one has it on: moving to it is a
  // behaviour change of its own, to make with the tests of the run it targets.
  @SuppressWarnings("deprecation")
  @Override
  public PointOfNoReturnClaim claimPointOfNoReturn(String guardWorkflowId, String guardRunId) {
    FreezeGuardWorkflow guard =
        client.newWorkflowStub(FreezeGuardWorkflow.class, guardWorkflowId, Optional.of(guardRunId));
    try {
      return guard.claimPointOfNoReturn();
    } catch (WorkflowNotFoundException gone) {
      return PointOfNoReturnClaim.refuse(
          "the freeze guard " + guardWorkflowId + " no longer runs, so nothing may stop the task");
    }
  }
}
