package io.dtscutover.cli.schedule;

import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.DurationText;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleSpec;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

/**
 * When a scheduled cutover runs: a cron expression or a fixed interval (exactly one), read in a
 * time zone so that "Sundays at 03:00" means the team's 03:00.
 *
 * @param cron a cron expression such as {@code 0 3 * * SUN}, or {@code null}
 * @param every a fixed interval, or {@code null}
 * @param timeZone an IANA zone such as {@code Asia/Shanghai} for cron expressions
 */
public record ScheduleCadence(String cron, Duration every, String timeZone) {
  /** Shorter intervals would start a new cutover before the previous one could even preflight. */
  static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

  /**
   * A validated cadence.
   *
   * @throws CliFailure (usage) naming the flag at fault and the fix
   */
  public static ScheduleCadence of(String cron, Duration every, String timeZone) {
    boolean hasCron = cron != null && !cron.isBlank();
    if (hasCron == (every != null)) {
      throw CliFailure.usage(
          "say when the cutover runs with exactly one of --cron EXPR (like '0 3 * * SUN') or"
              + " --every DURATION (like 24h)");
    }
    if (every != null && every.compareTo(MIN_INTERVAL) < 0) {
      throw CliFailure.usage("--every must be at least 1m (got " + every + ")");
    }
    if (hasCron) {
      int fields = cron.trim().split("\\s+").length;
      if (!cron.trim().startsWith("@") && (fields < 5 || fields > 7)) {
        throw CliFailure.usage(
            "--cron '"
                + cron.trim()
                + "' is not a cron expression: use five fields, minute hour day-of-month month"
                + " day-of-week, like '0 3 * * SUN'");
      }
    }
    String zone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone.trim();
    try {
      ZoneId.of(zone);
    } catch (RuntimeException e) {
      throw CliFailure.usage(
          "--time-zone "
              + zone
              + " is not a time zone: use an IANA name like Asia/Shanghai or UTC");
    }
    return new ScheduleCadence(hasCron ? cron.trim() : null, every, zone);
  }

  /** The Temporal schedule spec for this cadence. */
  public ScheduleSpec spec() {
    ScheduleSpec.Builder spec = ScheduleSpec.newBuilder().setTimeZoneName(timeZone);
    if (cron != null) {
      spec.setCronExpressions(List.of(cron));
    } else {
      spec.setIntervals(List.of(new ScheduleIntervalSpec(every)));
    }
    return spec.build();
  }

  /** For people: {@code cron '0 3 * * SUN' (Asia/Shanghai)} or {@code every PT24H}. */
  public String describe() {
    return cron != null
        ? "cron '" + cron + "' (" + timeZone + ")"
        : "every " + DurationText.of(every);
  }
}
