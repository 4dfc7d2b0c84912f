package io.dtscutover.cli.schedule;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cutover schedule}: cutovers that start on a cadence, as Temporal Schedules. Needs a full
 * Temporal server (the compose stack); the embedded one has no Schedules.
 */
@Command(
    name = "schedule",
    mixinStandardHelpOptions = true,
    description = {
      "Run a cutover on a cadence (Temporal Schedules): try it every maintenance window until it"
          + " succeeds. Runs never overlap. Needs a full Temporal server (docker compose up)."
    },
    subcommands = {
      ScheduleCreateCommand.class,
      ScheduleListCommand.class,
      ScheduleDescribeCommand.class,
      SchedulePauseCommand.class,
      ScheduleUnpauseCommand.class,
      ScheduleTriggerCommand.class,
      ScheduleDeleteCommand.class,
    },
    footerHeading = "%nExample:%n",
    footer = {
      ScheduleCreateCommand.EXAMPLE_CADENCE,
      ScheduleCreateCommand.EXAMPLE_JOB,
      "      --auto-approve freeze,stop --as alice"
    })
public final class ScheduleCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(),
        "name a schedule command: create, list, describe, pause, unpause, trigger or delete");
  }
}
