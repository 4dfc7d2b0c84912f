package io.dtscutover.cli.schedule;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover schedule unpause}: runs start again at the next scheduled time. */
@Command(
    name = "unpause",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExample:%n",
    footer = "  cutover schedule unpause --id orders-cutover",
    description = "Unpause a schedule: runs start again at the next scheduled time.")
final class ScheduleUnpauseCommand extends ScheduleVerb {
  @Mixin ScheduleAddress address;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown by describe and list.")
  String reason;

  ScheduleUnpauseCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String id = address.id();
    String note =
        reason == null || reason.isBlank() ? "unpaused with `cutover schedule unpause`" : reason;
    onSchedule(id, handle -> handle.unpause(note));
    out().println("Unpaused schedule " + id + ": the next run starts at its scheduled time.");
    return ExitCodes.OK;
  }
}
