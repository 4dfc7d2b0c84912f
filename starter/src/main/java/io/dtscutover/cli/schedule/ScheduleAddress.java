package io.dtscutover.cli.schedule;

import picocli.CommandLine.Option;

/** Names the schedule a verb acts on. */
final class ScheduleAddress {
  @Option(
      names = "--id",
      required = true,
      paramLabel = "ID",
      description = "The schedule's id (see `cutover schedule list`).")
  String id;

  /** The checked id. */
  String id() {
    return ScheduleVerb.requireId(id);
  }
}
