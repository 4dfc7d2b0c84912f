package io.dtscutover.cli.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.cli.ExitCodes;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bad input is refused before anything is contacted: the address points at a port where nothing
 * listens, so reaching Temporal would show up as exit code 3 instead of 2.
 */
class StartValidationTest {
  private static final Map<String, String> ENV =
      Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1", "USER", "carol");

  private static CliRun start(String... extra) {
    String[] args = new String[extra.length + 5];
    args[0] = "start";
    args[1] = "--job-id";
    args[2] = "dtsabc123";
    args[3] = "--region";
    args[4] = "cn-hangzhou";
    System.arraycopy(extra, 0, args, 5, extra.length);
    return CliRun.run(ENV, args);
  }

  private static void assertUsage(CliRun run, String... mentions) {
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    for (String mention : mentions) {
      assertTrue(run.err().contains(mention), "expected '" + mention + "' in: " + run);
    }
    assertFalse(run.err().contains("\tat "), "no stack trace without --verbose: " + run);
  }

  @Test
  void badDurationNamesTheFlagAndTheAcceptedForms() {
    assertUsage(start("--quiet-window", "5 minutes"), "--quiet-window", "10s", "PT5M");
  }

  @Test
  void badInstantNamesTheFlag() {
    assertUsage(start("--not-before", "tomorrow 2am"), "--not-before", "ISO-8601");
  }

  @Test
  void unknownGateNamesTheFlagAndTheGates() {
    assertUsage(
        start("--require-approval", "freeze,launch"),
        "--require-approval",
        "launch",
        "freeze, stop, delete");
  }

  @Test
  void unknownVerificationListsTheModes() {
    assertUsage(
        start("--require-verification", "rows"),
        "--require-verification",
        "incremental, full, both");
  }

  @Test
  void startAndScheduleHelpExplainTheVerificationFlag() {
    for (String[] command :
        new String[][] {{"start", "--help"}, {"schedule", "create", "--help"}}) {
      CliRun help = CliRun.run(ENV, command);
      assertTrue(help.out().contains("--require-verification=CHECK"), help.toString());
      assertTrue(help.out().contains("Before the stop gate"), help.toString());
    }
  }

  @Test
  void unknownFreezeStrategyListsTheStrategies() {
    assertUsage(start("--freeze", "lock-tables"), "--freeze", "mysql-read-only");
  }

  @Test
  void markerProofNamesTheMissingFlag() {
    assertUsage(
        start("--proof", "marker", "--proof-destination", "orders-dest"),
        "--proof-source",
        "needs --proof-source NAME");
    assertUsage(
        start("--freeze", "pg-revoke", "--freeze-target", "orders-db", "--proof", "marker"),
        "--proof-destination",
        "CUTOVER_TARGET_<NAME>_JDBC_URL");
    assertUsage(start("--proof", "vdiff"), "--proof", "none, marker");
  }

  @Test
  void requestProblemsAreReportedByFlagName() {
    assertUsage(start("--freeze", "mysql-read-only"), "--freeze-target", "orders-db");
    assertUsage(
        start("--poll-interval", "10m", "--quiet-window", "1m"),
        "--quiet-window",
        "3 poll intervals");
    assertUsage(start("--max-freeze", "1m", "--quiet-window", "2m"), "--max-freeze");
    assertUsage(
        CliRun.run(ENV, "start", "--job-id", "dtsabc123", "--region", "Hangzhou"),
        "--region",
        "cn-hangzhou");
  }

  @Test
  void quietWindowShorterThanThreePollsIsRefused() {
    assertUsage(
        start("--quiet-window", "0s"),
        "--quiet-window: must be at least 3 poll intervals",
        "lengthen the quiet window or shorten the poll interval");
  }

  @Test
  void twoPersonRuleWithTheRequesterAsOnlyApproverIsRefused() {
    assertUsage(start("--two-person", "--approvers", "carol", "--as", "carol"), "--approvers");
  }

  @Test
  void missingJobIdIsAUsageError() {
    CliRun run = CliRun.run(ENV, "start", "--region", "cn-hangzhou");
    assertUsage(run, "--job-id");
  }

  @Test
  void durationsAcceptShortAndIsoForms() {
    assertEquals(java.time.Duration.ofMillis(500), DurationConverter.parse("500ms"));
    assertEquals(java.time.Duration.ofSeconds(90), DurationConverter.parse("90s"));
    assertEquals(java.time.Duration.ofMinutes(5), DurationConverter.parse("5m"));
    assertEquals(java.time.Duration.ofHours(2), DurationConverter.parse("2h"));
    assertEquals(java.time.Duration.ofMinutes(5), DurationConverter.parse("PT5M"));
    assertEquals("2m30s", DurationConverter.format(java.time.Duration.ofSeconds(150)));
  }

  @Test
  void unreachableTemporalIsExitCodeThree() {
    CliRun run = start("--as", "carol");
    assertEquals(ExitCodes.UNREACHABLE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("cannot reach Temporal at 127.0.0.1:1"), run.toString());
    assertEquals(1, run.err().lines().count(), "one line: " + run);
  }

  @Test
  void verboseAddsTheStackTrace() {
    CliRun run = start("--as", "carol", "--verbose");
    assertEquals(ExitCodes.UNREACHABLE, run.exitCode(), run.toString());
    assertTrue(run.err().startsWith("error: cannot reach Temporal"), run.toString());
    assertTrue(run.err().contains("\tat "), "stack trace expected: " + run);
  }
}
