package io.dtscutover.cli.schedule;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.ExitCodes;
import io.temporal.client.schedules.ScheduleHandle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cutover schedule trigger}: one run now, unless a run is in progress. */
@Command(
    name = "trigger",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExample:%n",
    footer = "  cutover schedule trigger --id orders-cutover",
    description =
        "Start one run now, unless a run of this schedule is still in progress (skipped).")
final class ScheduleTriggerCommand extends ScheduleVerb {
  @Mixin ScheduleAddress address;

  ScheduleTriggerCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String id = address.id();
    onSchedule(id, ScheduleHandle::trigger);
    out()
        .println(
            "Triggered schedule "
                + id
                + ": a run starts now unless one is in progress. See it with `cutover schedule"
                + " describe --id "
                + id
                + "`.");
    return ExitCodes.OK;
  }
}
