package io.dtscutover.cli.schedule;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.ExitCodes;
import io.temporal.client.schedules.ScheduleHandle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cutover schedule delete}: no more runs; a run in progress goes on. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExample:%n",
    footer = "  cutover schedule delete --id orders-cutover",
    description = "Delete a schedule. A run in progress goes on; abort it with `cutover abort`.")
final class ScheduleDeleteCommand extends ScheduleVerb {
  @Mixin ScheduleAddress address;

  ScheduleDeleteCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String id = address.id();
    onSchedule(id, ScheduleHandle::delete);
    out().println("Deleted schedule " + id + ". A run already in progress goes on.");
    return ExitCodes.OK;
  }
}
