package io.dtscutover.cli.schedule;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.wave.ScheduledWaveWorkflow;
import io.dtscutover.workflow.ScheduledCutoverWorkflow;
import io.temporal.client.schedules.ScheduleListActionStartWorkflow;
import io.temporal.client.schedules.ScheduleListDescription;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cutover schedule list}: the namespace's cutover schedules, paused or not, next run. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExample:%n",
    footer = "  cutover schedule list --json",
    description = "List the cutover and wave schedules: id, paused or active, next run, note.")
final class ScheduleListCommand extends ScheduleVerb {
  @Option(names = "--json", description = "Print a JSON array.")
  boolean json;

  ScheduleListCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    List<ScheduleListDescription> cutovers =
        withSchedules(
            "",
            schedules ->
                schedules.listSchedules().filter(ScheduleListCommand::startsCutovers).toList());
    if (json) {
      out().println(JsonOutput.of(cutovers.stream().map(ScheduleListCommand::row).toList()));
      return ExitCodes.OK;
    }
    PrintWriter out = out();
    if (cutovers.isEmpty()) {
      out.println("No cutover schedules. Create one with `cutover schedule create --help`.");
      return ExitCodes.OK;
    }
    for (ScheduleListDescription schedule : cutovers) {
      Map<String, Object> row = row(schedule);
      out.println(
          row.get("scheduleId")
              + "  "
              + row.get("state")
              + "  next "
              + row.get("nextRun")
              + "  "
              + row.get("note"));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** What a cutover or wave schedule starts (see {@link CutoverSchedules}). */
  private static final Set<String> SCHEDULED_TYPES =
      Set.of(
          ScheduledCutoverWorkflow.class.getSimpleName(),
          ScheduledWaveWorkflow.class.getSimpleName());

  private static boolean startsCutovers(ScheduleListDescription schedule) {
    return schedule.getSchedule().getAction() instanceof ScheduleListActionStartWorkflow start
        && SCHEDULED_TYPES.contains(start.getWorkflow());
  }

  private static Map<String, Object> row(ScheduleListDescription schedule) {
    List<Instant> next = schedule.getInfo().getNextActionTimes();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("scheduleId", schedule.getScheduleId());
    row.put("state", schedule.getSchedule().getState().isPaused() ? "paused" : "active");
    row.put("nextRun", next.isEmpty() ? "-" : next.get(0).toString());
    row.put("note", String.valueOf(schedule.getSchedule().getState().getNote()));
    return row;
  }
}
