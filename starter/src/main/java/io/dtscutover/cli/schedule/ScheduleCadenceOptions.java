package io.dtscutover.cli.schedule;

import io.dtscutover.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The flags every schedule-creating command shares: the schedule's id and its cadence ({@code
 * --cron} or {@code --every}, read in {@code --time-zone}). Checked before anything is contacted.
 */
public final class ScheduleCadenceOptions {
  @Option(
      names = "--id",
      required = true,
      paramLabel = "ID",
      description = "The schedule's id, like orders-cutover.")
  String id;

  @Option(
      names = "--cron",
      paramLabel = "EXPR",
      description =
          "When runs start: minute hour day-of-month month day-of-week, like '0 3 * * SUN'.")
  String cron;

  @Option(
      names = "--every",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Start a run every D (at least 1m), instead of --cron.")
  Duration every;

  @Option(
      names = "--time-zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description =
          "The time zone --cron is read in, like Asia/Shanghai (default: ${DEFAULT-VALUE}).")
  String timeZone;

  /** The checked schedule id. */
  public String id() {
    return CutoverSchedules.requireId(id);
  }

  /** The checked cadence. */
  public ScheduleCadence cadence() {
    return ScheduleCadence.of(cron, every, timeZone);
  }
}
