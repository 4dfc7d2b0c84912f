package io.dtscutover.cli.wave;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.cli.request.RequestDefaults;
import io.dtscutover.cli.schedule.CutoverSchedules;
import io.dtscutover.cli.schedule.ScheduleCadence;
import io.dtscutover.cli.schedule.ScheduleCadenceOptions;
import io.dtscutover.wave.WaveRequest;
import io.dtscutover.workflow.CutoverIds;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code cutover wave schedule}: a Temporal Schedule that starts the wave described by the same
 * flags as {@code cutover wave start} (validated by the same code), by cron or at a fixed interval.
 * Each run starts the wave as {@code wave-<WAVE>} and is skipped while that wave is live, so a wave
 * never runs twice at once; the schedule itself is managed with {@code cutover schedule}.
 */
@Command(
    defaultValueProvider = RequestDefaults.class,
    resourceBundle = "io.dtscutover.cli.wave.WaveFlags",
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = {
      "Create a schedule that starts a wave by cron or every DURATION. Takes every flag of"
          + " `cutover wave start` except --dry-run and the window (the cadence is the window).",
      "Wave gates that wait for a person need --approvers (or --require-approval none)."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  cutover wave schedule --id orders-wave --cron '0 3 * * SUN' --wave-id orders \\",
      "      --job cn-hangzhou/dtsa=orders-a --job cn-hangzhou/dtsb=orders-b \\",
      "      --freeze mysql-read-only --approvers bob,carol --as alice"
    })
final class WaveScheduleCommand extends WaveStartCommand {
  @Mixin ScheduleCadenceOptions schedule;

  WaveScheduleCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String id = schedule.id();
    WaveRequest request = request();
    String refusal = CutoverSchedules.refusal(request);
    if (refusal != null) {
      throw CliFailure.usage(refusal);
    }
    ScheduleCadence cadence = schedule.cadence();
    String note =
        "wave "
            + request.waveId()
            + " of "
            + request.jobs().size()
            + " jobs requested by "
            + request.requestedBy()
            + ", "
            + cadence.describe();
    List<Instant> next =
        CutoverSchedules.create(
            connection,
            environment,
            id,
            () ->
                CutoverSchedules.schedule(
                    request, cadence, CutoverIds.taskQueue(environment.variables()), note));
    if (json) {
      out()
          .println(
              JsonOutput.of(
                  Map.of(
                      "scheduleId",
                      id,
                      "workflowId",
                      request.workflowId(),
                      "nextRuns",
                      next.stream().map(Instant::toString).toList())));
      return ExitCodes.OK;
    }
    PrintWriter out = out();
    out.println(
        "Created schedule "
            + id
            + ": "
            + note
            + "; each run starts "
            + request.workflowId()
            + " and is skipped while it runs.");
    out.println(CutoverSchedules.nextRunsLine(next));
    out.println("See it:    cutover schedule describe --id " + id);
    out.println("Follow a run:  cutover wave watch --wave-id " + request.waveId());
    out.flush();
    return ExitCodes.OK;
  }
}
