package io.dtscutover.cli.schedule;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.ConnectionOptions;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.wave.ScheduledWaveWorkflow;
import io.dtscutover.wave.WaveRequest;
import io.dtscutover.wave.WaveWorkflowOptions;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverWorkflowOptions;
import io.dtscutover.workflow.ScheduledCutoverWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

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
public final class CutoverSchedules {
  /** How late a missed run may still start. */
  static final Duration CATCHUP_WINDOW = Duration.ofMinutes(10);

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");

  private CutoverSchedules() {}

  /** The schedule that starts {@code request} on {@code taskQueue} at every {@code cadence}. */
  static Schedule schedule(
      CutoverRequest request, ScheduleCadence cadence, String taskQueue, String note) {
    return schedule(
        ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(ScheduledCutoverWorkflow.class)
            .setArguments(request)
            .setOptions(CutoverWorkflowOptions.forScheduledRun(request, taskQueue).build())
            .build(),
        cadence,
        note);
  }

  /**
   * The schedule that starts the wave {@code request} on {@code taskQueue} at every {@code
   * cadence}: each run is a {@link ScheduledWaveWorkflow}, which starts the wave as {@code
   * wave-<waveId>} and is skipped while that wave is live (started by hand or by an earlier run);
   * the overlap policy SKIP keeps two scheduled runs apart. So a wave never runs twice at once.
   */
  public static Schedule schedule(
      WaveRequest request, ScheduleCadence cadence, String taskQueue, String note) {
    return schedule(
        ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(ScheduledWaveWorkflow.class)
            .setArguments(request)
            .setOptions(WaveWorkflowOptions.forScheduledRun(request, taskQueue).build())
            .build(),
        cadence,
        note);
  }

  /** Either schedule: {@code action} at every {@code cadence}, under {@link #POLICY}. */
  private static Schedule schedule(
      ScheduleActionStartWorkflow action, ScheduleCadence cadence, String note) {
    return Schedule.newBuilder()
        .setAction(action)
        .setSpec(cadence.spec())
        .setPolicy(POLICY)
        .setState(ScheduleState.newBuilder().setNote(note).build())
        .build();
  }

  /**
   * Creates schedule {@code id} (built by {@code schedule} once connected) and returns the times of
   * its next runs.
   */
  public static List<Instant> create(
      ConnectionOptions connection,
      CliEnvironment environment,
      String id,
      Supplier<Schedule> schedule) {
    ScheduleDescription created =
        withClient(
            connection,
            environment,
            id,
            schedules ->
                schedules
                    .createSchedule(id, schedule.get(), ScheduleOptions.newBuilder().build())
                    .describe());
    return created.getInfo().getNextActionTimes();
  }

  /** The line that shows a new schedule's next three runs, or none. */
  public static String nextRunsLine(List<Instant> next) {
    return "Next runs: "
        + (next.isEmpty()
            ? "none"
            : String.join(", ", next.stream().limit(3).map(Instant::toString).toList()));
  }

  /**
   * Why the wave {@code request} cannot run unattended, or {@code null} when it can: a dry run is
   * tried once with {@code cutover wave start --dry-run}; a fixed window cannot repeat; a wave gate
   * that waits for a person needs named --approvers (a wave has no auto-approval).
   */
  public static String refusal(WaveRequest request) {
    if (request.dryRun()) {
      return "--dry-run checks a wave once: try it with `cutover wave start --dry-run`, and schedule"
          + " the wave without --dry-run";
    }
    if (request.jobs().stream()
        .anyMatch(job -> job.notBefore() != null || job.notAfter() != null)) {
      return WINDOW_REFUSAL;
    }
    ApprovalPolicy policy = request.approval();
    if (policy.approvers() != null && !policy.approvers().isEmpty()) {
      return null;
    }
    List<String> waiting = new ArrayList<>();
    for (Gate gate : List.of(Gate.FREEZE, Gate.STOP)) {
      if (policy.waitsForPerson(gate)) {
        waiting.add(gate.cliName());
      }
    }
    if (waiting.isEmpty()) {
      return null;
    }
    return "a scheduled wave would wait at the "
        + String.join(", ", waiting)
        + " gate"
        + (waiting.size() > 1 ? "s" : "")
        + " for a person nobody named: say who decides with --approvers NAMES (or"
        + " --require-approval none)";
  }

  /** Checks a schedule id, so a typo fails before anything is contacted. */
  public static String requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw CliFailure.usage(
          "--id must be letters, digits, '-', '_' or '.', like orders-cutover (got " + id + ")");
    }
    return id;
  }

  /** Runs {@code action} with a schedule client on the namespace {@code connection} names. */
  public static <T> T withClient(
      ConnectionOptions connection,
      CliEnvironment environment,
      String id,
      Function<ScheduleClient, T> action) {
    try (TemporalConnection temporal = connection.connect(environment)) {
      ScheduleClient schedules =
          ScheduleClient.newInstance(
              temporal.stubs(),
              ScheduleClientOptions.newBuilder()
                  .setNamespace(temporal.namespace())
                  .setDataConverter(temporal.client().getOptions().getDataConverter())
                  .build());
      try {
        return action.apply(schedules);
      } catch (RuntimeException e) {
        throw ScheduleFailures.translate(e, id);
      }
    }
  }

  /**
   * Never two runs at once; a run missed while Temporal was down starts at most 10 minutes late.
   */
  private static final SchedulePolicy POLICY =
      SchedulePolicy.newBuilder()
          .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
          .setCatchupWindow(CATCHUP_WINDOW)
          .build();

  private static final String WINDOW_REFUSAL =
      "--not-before/--not-after are fixed instants and a schedule repeats: the schedule's"
          + " cadence is the window; bound each run with --catch-up-timeout and --max-freeze";

  /**
   * Why {@code request} cannot run unattended, or {@code null} when it can: a gate that waits for a
   * person needs the people who may decide it (--approvers), or auto-approval; a manual freeze
   * needs named people too (no policy can confirm that writers stopped); and an absolute
   * maintenance window cannot repeat.
   */
  static String refusal(CutoverRequest request) {
    if (request.notBefore() != null || request.notAfter() != null) {
      return WINDOW_REFUSAL;
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
