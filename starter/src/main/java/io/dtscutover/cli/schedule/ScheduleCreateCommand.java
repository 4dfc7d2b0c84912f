package io.dtscutover.cli.schedule;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.cli.request.CutoverRequestOptions;
import io.dtscutover.cli.request.RequestDefaults;
import io.dtscutover.workflow.CutoverIds;
import io.dtscutover.workflow.CutoverRequest;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover schedule create}: a Temporal Schedule that starts the cutover described by the
 * same flags as {@code cutover start}, by cron or at a fixed interval. A request whose gates would
 * wait for nobody in particular is refused: an unattended run needs named approvers or
 * auto-approval.
 */
@Command(
    defaultValueProvider = RequestDefaults.class,
    name = "create",
    mixinStandardHelpOptions = true,
    description = {
      "Create a schedule that starts a cutover by cron or every DURATION. Takes every flag of"
          + " `cutover start` except --at, --wait and the window (the cadence is the window).",
      "Gates that wait for a person need --approvers, or --auto-approve for unattended runs."
    },
    footerHeading = "%nExample:%n",
    footer = {
      ScheduleCreateCommand.EXAMPLE_CADENCE,
      ScheduleCreateCommand.EXAMPLE_JOB,
      "      --require-approval freeze,stop --auto-approve freeze,stop --as alice"
    })
final class ScheduleCreateCommand extends ScheduleVerb {
  /** The example's first two lines, shared with {@code cutover schedule --help}. */
  static final String EXAMPLE_CADENCE =
      "  cutover schedule create --id orders-cutover --cron '0 3 * * SUN' --time-zone"
          + " Asia/Shanghai \\";

  static final String EXAMPLE_JOB =
      "      --job-id dtsabc123 --region cn-hangzhou --freeze mysql-read-only --freeze-target"
          + " orders-db \\";

  @Mixin ScheduleCadenceOptions schedule;

  @Option(names = "--json", description = "Print the schedule id and next run times as JSON.")
  boolean json;

  @Mixin CutoverRequestOptions requestOptions;

  ScheduleCreateCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String id = schedule.id();
    CutoverRequest request = requestOptions.request(environment);
    String refusal = CutoverSchedules.refusal(request);
    if (refusal != null) {
      throw CliFailure.usage(refusal);
    }
    ScheduleCadence cadence = schedule.cadence();
    String note =
        "cutover of "
            + request.job()
            + " requested by "
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
                      "nextRuns",
                      next.stream().map(Instant::toString).toList())));
      return ExitCodes.OK;
    }
    PrintWriter out = out();
    out.println("Created schedule " + id + ": " + note + "; runs never overlap.");
    out.println(CutoverSchedules.nextRunsLine(next));
    out.println("See it:    cutover schedule describe --id " + id);
    out.println("Pause it:  cutover schedule pause --id " + id + " --reason TEXT");
    out.flush();
    return ExitCodes.OK;
  }
}
