package io.dtscutover.guard;

import io.dtscutover.freeze.FreezeReceipt;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.Priority;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import java.time.Duration;
import java.time.Instant;

/**
 * The cutover's side of its {@link FreezeGuardWorkflow}, used from the cutover's workflow code:
 * {@link #start} it after {@code prepare} and before the freeze, {@link #claimPointOfNoReturn} just
 * before StopDtsJob, {@link #release} after the cutover restored the source itself. {@link #NONE}
 * stands for a freeze no worker applies (manual, none): nothing to guard, every claim passes.
 */
public final class FreezeGuardHandle {
  /** No guard: the worker froze nothing, so there is nothing to restore. */
  public static final FreezeGuardHandle NONE = new FreezeGuardHandle(null, null);

  /** One quick answer from a running guard; retried briefly, never past two minutes. */
  private static final ActivityOptions CLAIM =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(10))
                  .build())
          .setSummary("Claim the point of no return from the freeze guard")
          .build();

  /**
   * {@link #CLAIM} as a local activity: run inside the cutover's workflow task, so the stop that
   * follows a granted claim is scheduled in that same task (one event, no activity dispatch, no
   * workflow task of its own). The guard's answer is idempotent, so a retried claim is harmless.
   */
  private static final LocalActivityOptions CLAIM_LOCALLY =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(CLAIM.getStartToCloseTimeout())
          .setScheduleToCloseTimeout(CLAIM.getScheduleToCloseTimeout())
          .setRetryOptions(CLAIM.getRetryOptions())
          .setSummary(CLAIM.getSummary())
          .build();

  /**
   * The guard's task priority: 1, the highest (the default is 3). Its workflow tasks are what
   * answer the claim a stop waits for, and what restores a frozen source when the cutover cannot,
   * so they go ahead of the routine workflow tasks of every other cutover on the task queue. A
   * server that does not order by priority ignores it. (The embedded test server orders its backlog
   * by priority only, with no first-come order among equals: with a thousand cutovers, a guard's
   * first task waited minutes behind newer ones while its cutover, frozen, waited for the claim.)
   */
  static final Priority GUARD_PRIORITY = Priority.newBuilder().setPriorityKey(1).build();

  private final WorkflowExecution guard;
  private final Instant restoresAt;
  private boolean released;

  private FreezeGuardHandle(WorkflowExecution guard, Instant restoresAt) {
    this.guard = guard;
    this.restoresAt = restoresAt;
  }

  /** {@code <cutoverWorkflowId>-freeze-guard}. */
  public static String workflowId(String cutoverWorkflowId) {
    return cutoverWorkflowId + "-freeze-guard";
  }

  /**
   * Starts the calling cutover's guard (parent-close ABANDON, never cancelled with the cutover) and
   * returns once it runs, so it exists before anything is frozen.
   *
   * @throws FreezeGuardRefusal when it cannot start, typically because the guard of an earlier run
   *     of the same cutover still runs
   */
  public static FreezeGuardHandle start(FreezeReceipt receipt, Instant budgetEnds) {
    WorkflowInfo cutover = Workflow.getInfo();
    String id = workflowId(cutover.getWorkflowId());
    Instant restoresAt = budgetEnds.plus(FreezeGuardWorkflowImpl.MARGIN);
    FreezeGuardWorkflow child =
        Workflow.newChildWorkflowStub(
            FreezeGuardWorkflow.class,
            ChildWorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                .setCancellationType(ChildWorkflowCancellationType.ABANDON)
                .setPriority(GUARD_PRIORITY)
                .setStaticSummary(
                    "Freeze guard of "
                        + cutover.getWorkflowId()
                        + ": restores the source at "
                        + restoresAt
                        + " unless the cutover restored it or passed the point of no return")
                .build());
    Async.function(
        child::guard,
        new FreezeGuardRequest(cutover.getWorkflowId(), cutover.getRunId(), receipt, budgetEnds));
    try {
      return new FreezeGuardHandle(Workflow.getWorkflowExecution(child).get(), restoresAt);
    } catch (ChildWorkflowFailure failure) {
      throw new FreezeGuardRefusal(
          "the freeze guard "
              + id
              + " could not start, so nothing was frozen ("
              + (failure.getCause() == null
                  ? failure.getMessage()
                  : failure.getCause().getMessage())
              + "): the guard of an earlier run is probably still running; it restores that run's"
              + " source and ends by itself, then start the cutover again");
    }
  }

  /** For the cutover's timeline. */
  public String describe() {
    return guard == null
        ? "no freeze guard: the worker froze nothing"
        : "freeze guard "
            + guard.getWorkflowId()
            + " started: it restores the source at "
            + restoresAt
            + " unless the cutover restores it or passes the point of no return first";
  }

  /**
   * Asks the guard for the point of no return; returns what it said, for the timeline.
   *
   * @throws FreezeGuardRefusal when the guard refused or could not be reached: do not stop
   */
  public String claimPointOfNoReturn() {
    return claim(false);
  }

  /**
   * {@link #claimPointOfNoReturn}, asked by a local activity: for runs whose stop follows at once
   * (the workflow's {@code straight-to-stop} version).
   */
  public String claimPointOfNoReturnLocally() {
    return claim(true);
  }

  private String claim(boolean locally) {
    if (guard == null) {
      return "no freeze guard to ask: the worker froze nothing";
    }
    PointOfNoReturnClaim claim;
    try {
      FreezeGuardActivities guardActivities =
          locally
              ? Workflow.newLocalActivityStub(FreezeGuardActivities.class, CLAIM_LOCALLY)
              : Workflow.newActivityStub(FreezeGuardActivities.class, CLAIM);
      claim = guardActivities.claimPointOfNoReturn(guard.getWorkflowId(), guard.getRunId());
    } catch (ActivityFailure failure) {
      if (failure.getCause() instanceof CanceledFailure) {
        throw failure;
      }
      claim =
          PointOfNoReturnClaim.refuse(
              "it could not be asked: "
                  + (failure.getCause() == null ? failure : failure.getCause()).getMessage());
    }
    if (!claim.granted()) {
      throw new FreezeGuardRefusal(
          "the freeze guard refused the point of no return ("
              + claim.reason()
              + "); StopDtsJob was not sent");
    }
    return "the freeze guard granted the point of no return (" + claim.reason() + ")";
  }

  /** Tells the guard the cutover restored the source: it ends without restoring. Best effort. */
  public void release() {
    if (guard == null || released) {
      return;
    }
    released = true;
    try {
      Workflow.newExternalWorkflowStub(FreezeGuardWorkflow.class, guard).sourceRestored();
    } catch (ApplicationFailure ended) {
      // The guard already ended (it restored, or its time was up): nothing left to release.
    }
  }
}
