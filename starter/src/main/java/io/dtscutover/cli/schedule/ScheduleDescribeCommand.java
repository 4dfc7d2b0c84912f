package io.dtscutover.cli.schedule;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.DurationText;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.wave.ScheduledWaveWorkflow;
import io.dtscutover.wave.WaveRequest;
import io.dtscutover.workflow.CutoverRequest;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleSpec;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover schedule describe}: what a schedule runs, when, and what its runs did. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExample:%n",
    footer = "  cutover schedule describe --id orders-cutover",
    description = "Show a schedule: the cutover it starts, its cadence, next and recent runs.")
final class ScheduleDescribeCommand extends ScheduleVerb {
  @Mixin ScheduleAddress address;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  ScheduleDescribeCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String id = address.id();
    ScheduleDescription description =
        withSchedules(id, schedules -> schedules.getHandle(id).describe());
    Map<String, Object> view = view(description);
    if (json) {
      out().println(JsonOutput.of(view));
      return ExitCodes.OK;
    }
    PrintWriter out = out();
    view.forEach(
        (key, value) ->
            out.println(
                String.format(
                    "%-12s %s",
                    key,
                    value instanceof List<?> list
                        ? (list.isEmpty()
                            ? "-"
                            : String.join(", ", list.stream().map(String::valueOf).toList()))
                        : value)));
    out.flush();
    return ExitCodes.OK;
  }

  private static Map<String, Object> view(ScheduleDescription description) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("schedule", description.getId());
    if (description.getSchedule().getAction() instanceof ScheduleActionStartWorkflow start
        && ScheduledWaveWorkflow.class.getSimpleName().equals(start.getWorkflowType())) {
      WaveRequest wave = start.getArguments().get(0, WaveRequest.class);
      view.put("wave", wave.workflowId());
      view.put(
          "jobs", wave.jobs().stream().map(job -> job.regionId() + "/" + job.jobId()).toList());
      view.put("requestedBy", wave.requestedBy());
    } else if (description.getSchedule().getAction() instanceof ScheduleActionStartWorkflow start) {
      CutoverRequest request = start.getArguments().get(0, CutoverRequest.class);
      view.put("cutover", request.job().toString());
      view.put(
          "freeze",
          request.freezeStrategy().cliName()
              + (request.freezeTarget() == null ? "" : " on " + request.freezeTarget()));
      view.put("requestedBy", request.requestedBy());
    }
    view.put("cadence", cadence(description.getSchedule().getSpec()));
    view.put(
        "state",
        description.getSchedule().getState().isPaused()
            ? "paused: " + description.getSchedule().getState().getNote()
            : "active");
    view.put(
        "nextRuns",
        description.getInfo().getNextActionTimes().stream()
            .limit(5)
            .map(Instant::toString)
            .toList());
    List<String> recent = new ArrayList<>();
    for (ScheduleActionResult result : description.getInfo().getRecentActions()) {
      recent.add(
          (result.getAction() instanceof ScheduleActionExecutionStartWorkflow run
                  ? run.getWorkflowId()
                  : "run")
              + " at "
              + result.getStartedAt());
    }
    view.put("recentRuns", recent);
    view.put("runs", description.getInfo().getNumActions());
    view.put("skipped", description.getInfo().getNumActionsSkippedOverlap());
    return view;
  }

  private static String cadence(ScheduleSpec spec) {
    List<String> parts = new ArrayList<>();
    if (spec.getCronExpressions() != null) {
      spec.getCronExpressions().forEach(cron -> parts.add("cron '" + cron + "'"));
    }
    if (spec.getIntervals() != null) {
      for (ScheduleIntervalSpec interval : spec.getIntervals()) {
        parts.add("every " + DurationText.of(interval.getEvery()));
      }
    }
    if (spec.getCalendars() != null && !spec.getCalendars().isEmpty()) {
      parts.add(spec.getCalendars().size() + " calendar rule(s)");
    }
    String zone = spec.getTimeZoneName();
    return String.join("; ", parts) + (zone == null || zone.isBlank() ? "" : " (" + zone + ")");
  }
}
