package io.dtscutover.cli.schedule;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cutover schedule pause}: no new runs until unpaused; a running cutover goes on. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    footerHeading = "%nExample:%n",
    footer = "  cutover schedule pause --id orders-cutover --reason \"DBA on leave\"",
    description =
        "Pause a schedule: no new runs start until it is unpaused. A run in progress goes on.")
final class SchedulePauseCommand extends ScheduleVerb {
  @Mixin ScheduleAddress address;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown by describe and list.")
  String reason;

  SchedulePauseCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String id = address.id();
    String note =
        reason == null || reason.isBlank() ? "paused with `cutover schedule pause`" : reason;
    onSchedule(id, handle -> handle.pause(note));
    out()
        .println(
            "Paused schedule "
                + id
                + " ("
                + note
                + "). Resume: cutover schedule unpause --id "
                + id);
    return ExitCodes.OK;
  }
}
