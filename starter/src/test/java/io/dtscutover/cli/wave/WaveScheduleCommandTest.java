package io.dtscutover.cli.wave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.schedule.ScheduleFailures;
import io.dtscutover.devstack.EmbeddedTemporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `cutover wave schedule` through the real command line. The embedded server has no Schedules, so a
 * run is proven by {@code ScheduledWaveTest} (workflows) and the schedule itself by {@link
 * CutoverSchedulesTest}; here: bad input is refused before anything is contacted, and good input
 * reaches the server.
 */
class WaveScheduleCommandTest {
  private static final String[] GOOD = {
    "wave",
    "schedule",
    "--id",
    "orders-wave",
    "--every",
    "24h",
    "--wave-id",
    "orders",
    "--job",
    "cn-hangzhou/dtsa=orders-a",
    "--job",
    "cn-hangzhou/dtsb=orders-b",
    "--freeze",
    "mysql-read-only",
    "--approvers",
    "bob,carol",
    "--as",
    "alice"
  };

  private static String[] with(String[] args, String... more) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static String[] without(String[] args, String flag, int values) {
    List<String> all = new ArrayList<>(Arrays.asList(args));
    int at = all.indexOf(flag);
    for (int i = 0; i <= values; i++) {
      all.remove(at);
    }
    return all.toArray(String[]::new);
  }

  private static CliRun refused(String... args) {
    // Nothing listens on port 1: contacting Temporal would be exit code 3.
    CliRun run = CliRun.run(Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1", "USER", "alice"), args);
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertEquals("", run.out(), run.toString());
    return run;
  }

  @Test
  void badWaveScheduleInputIsRefusedBeforeAnythingIsContactedNamingTheFix() {
    assertTrue(
        refused(without(GOOD, "--approvers", 1))
            .err()
            .contains("say who decides with --approvers NAMES (or --require-approval none)"));
    assertTrue(refused(with(GOOD, "--dry-run")).err().contains("`cutover wave start --dry-run`"));
    assertTrue(
        refused(with(GOOD, "--not-before", "2026-12-06T19:00:00Z"))
            .err()
            .contains("the schedule's cadence is the window"));
    // The wave's own validation, shared with `cutover wave start`.
    assertTrue(
        refused(without(without(GOOD, "--job", 1), "--job", 1))
            .err()
            .contains("a wave needs jobs: pass --job REGION/JOBID[=TARGET]"));
    assertTrue(refused(with(GOOD, "--job", "dtsc")).err().contains("--job"));
    assertTrue(refused(without(GOOD, "--every", 1)).err().contains("--cron"));
    assertTrue(
        refused(with(without(GOOD, "--id", 1), "--id", "orders wave"))
            .err()
            .contains("--id must be"));
  }

  @Test
  void aGoodWaveScheduleReachesTheServerWhichHereHasNoSchedules() {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(EmbeddedTemporal.freePort())) {
      CliRun run =
          CliRun.run(Map.of("TEMPORAL_ADDRESS", temporal.address(), "USER", "alice"), GOOD);

      assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
      assertEquals("error: " + ScheduleFailures.UNSUPPORTED + "\n", run.err(), run.toString());
    }
  }
}
