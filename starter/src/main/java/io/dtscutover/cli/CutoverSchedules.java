package io.dtscutover.cli;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverWorkflowOptions;
import io.dtscutover.workflow.ScheduledCutoverWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the Temporal Schedule behind {@code cutover schedule create}: each run is a {@link
 * ScheduledCutoverWorkflow}, which starts the cutover under the job's own workflow id, exactly as
 * {@code cutover start} would, and is skipped while another cutover of the job is live.
 *
 * <p>A cutover that ends a migration runs to completion once; a schedule makes sense as "try every
 * night in the window until it succeeds": a run that aborts (lag too high, a gate refused) leaves
 * the task running and the next run tries again, and once the task is Finished every later run
 * reports ALREADY_COMPLETED and does nothing. Hence the policy: never two runs at once (overlap
 * SKIP), and a run missed while Temporal was down is not started more than {@link #CATCHUP_WINDOW}
 * late, outside the window the team planned for.
 */
final class CutoverSchedules {
  /** How late a missed run may still start. */
  static final Duration CATCHUP_WINDOW = Duration.ofMinutes(10);

  private CutoverSchedules() {}

  /** The schedule that starts {@code request} on {@code taskQueue} at every {@code cadence}. */
  static Schedule schedule(
      CutoverRequest request, ScheduleCadence cadence, String taskQueue, String note) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(ScheduledCutoverWorkflow.class)
                .setArguments(request)
                .setOptions(CutoverWorkflowOptions.forScheduledRun(request, taskQueue).build())
                .build())
        .setSpec(cadence.spec())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(CATCHUP_WINDOW)
                .build())
        .setState(ScheduleState.newBuilder().setNote(note).build())
        .build();
  }

  /**
   * Why {@code request} cannot run unattended, or {@code null} when it can: a gate that waits for a
   * person needs the people who may decide it (--approvers), or auto-approval; a manual freeze
   * needs named people too (no policy can confirm that writers stopped); and an absolute
   * maintenance window cannot repeat.
   */
  static String refusal(CutoverRequest request) {
    if (request.notBefore() != null || request.notAfter() != null) {
      return "--not-before/--not-after are fixed instants and a schedule repeats: the schedule's"
          + " cadence is the window; bound each run with --catch-up-timeout and --max-freeze";
    }
    ApprovalPolicy policy = request.approval();
    List<String> waiting = new ArrayList<>();
    for (Gate gate : Gate.values()) {
      if ((gate != Gate.DELETE || request.deleteAfterStop()) && policy.waitsForPerson(gate)) {
        waiting.add(gate.cliName());
      }
    }
    boolean namedApprovers = policy.approvers() != null && !policy.approvers().isEmpty();
    if (namedApprovers) {
      return null;
    }
    if (request.freezeStrategy() == FreezeStrategy.MANUAL) {
      return "--freeze manual waits for a person to confirm that writes stopped, and no auto-approval"
          + " can: give a scheduled cutover a freeze strategy that acts by itself (such as"
          + " mysql-read-only or pg-read-only), or name who will confirm with --approvers NAMES";
    }
    if (waiting.isEmpty()) {
      return null;
    }
    return "a scheduled cutover would wait at the "
        + String.join(", ", waiting)
        + " gate"
        + (waiting.size() > 1 ? "s" : "")
        + " for a person nobody named: say who decides with --approvers NAMES, or approve by"
        + " policy with --auto-approve "
        + String.join(",", waiting)
        + " (or --require-approval none)";
  }
}
