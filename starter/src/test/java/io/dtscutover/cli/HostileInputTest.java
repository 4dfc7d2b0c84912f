package io.dtscutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile and absurd input is refused before anything is contacted, in one line that quotes it:
 * Temporal's address is a port where nothing listens, so a command that got as far as connecting
 * would end with exit code 3, not 2.
 */
class HostileInputTest {
  private static final Map<String, String> ENV =
      Map.of("TEMPORAL_ADDRESS", "127.0.0.1:1", "USER", "carol");

  private static final String NEWLINE_ID = "dtsabc123\nerror: forged second line";
  private static final String CLEAR_SCREEN = "dtsabc123\u001b[2J\u001b[H";
  private static final String FORGER = "mallory\nstop gate approved by security-officer";

  private static void assertRefusedOnOneLine(CliRun run, String... mentions) {
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    String error = run.err().lines().findFirst().orElse("");
    assertTrue(error.startsWith("error: "), run.toString());
    for (String mention : mentions) {
      assertTrue(error.contains(mention), "expected '" + mention + "' in: " + run);
    }
    assertFalse(
        (run.out() + run.err()).chars().anyMatch(c -> c != '\n' && Character.isISOControl(c)),
        "no raw control character: " + run);
    assertTrue(
        run.err().lines().skip(1).noneMatch(l -> l.contains("forged")), "no forged line: " + run);
    assertTrue(run.err().lines().noneMatch(l -> l.startsWith("stop gate")), run.toString());
  }

  @Test
  void aJobIdWithANewlineIsQuotedNotEchoed() {
    for (String verb : new String[] {"status", "watch", "report"}) {
      assertRefusedOnOneLine(
          CliRun.run(ENV, verb, "--job-id", NEWLINE_ID, "--region", "cn-hangzhou"),
          "--job-id",
          "\"dtsabc123\\nerror: forged second line\"");
    }
    assertRefusedOnOneLine(
        CliRun.run(ENV, "start", "--job-id", NEWLINE_ID, "--region", "cn-hangzhou", "--as", "a"),
        "--job-id",
        "\"dtsabc123\\nerror: forged second line\"");
  }

  @Test
  void anEscapeSequenceInAJobIdNeverReachesTheTerminal() {
    assertRefusedOnOneLine(
        CliRun.run(ENV, "status", "--job-id", CLEAR_SCREEN, "--region", "cn-hangzhou"),
        "\\u001b[2J");
    assertRefusedOnOneLine(
        CliRun.run(ENV, "approve", "--workflow-id", CLEAR_SCREEN, "--gate", "stop", "--as", "b"),
        "--workflow-id");
  }

  @Test
  void aBadFlagValueIsQuotedInPicocliErrorsToo() {
    assertRefusedOnOneLine(
        run(
            "start",
            new String[] {"--job-id", "dtsabc123", "--region", "cn-hangzhou"},
            "--freeze",
            "lock\nerror: forged"),
        "--freeze");
  }

  @Test
  void everyVerbThatActsChecksTheNameOfWhoActs() {
    String[] target = {"--job-id", "dtsabc123", "--region", "cn-hangzhou", "--as", FORGER};
    assertRefusedOnOneLine(run("approve", target, "--gate", "freeze"), "--as", "\"mallory\\n");
    assertRefusedOnOneLine(
        run("reject", target, "--gate", "freeze", "--reason", "x"), "--as", "\"mallory\\n");
    assertRefusedOnOneLine(run("abort", target, "--reason", "x"), "--as", "\"mallory\\n");
    assertRefusedOnOneLine(run("confirm-freeze", target), "--as", "\"mallory\\n");
    assertRefusedOnOneLine(run("start", target), "--as", "\"mallory\\n");
  }

  @Test
  void aDurationBeyondAYearIsRefusedAtTheFlag() {
    assertRefusedOnOneLine(
        run(
            "start",
            new String[] {"--job-id", "dtsabc123", "--region", "cn-hangzhou"},
            "--gate-deadline",
            "999999999999d"),
        "--gate-deadline",
        "365 days");
    assertRefusedOnOneLine(
        run(
            "approve",
            new String[] {"--job-id", "dtsabc123", "--region", "cn-hangzhou"},
            "--gate",
            "stop",
            "--as",
            "bob",
            "--wait-for-worker",
            "400d"),
        "--wait-for-worker",
        "365 days");
  }

  @Test
  void autoApproveNamesOnlyRequiredGates() {
    assertRefusedOnOneLine(
        run(
            "start",
            new String[] {"--job-id", "dtsabc123", "--region", "cn-hangzhou"},
            "--require-approval",
            "freeze",
            "--auto-approve",
            "stop"),
        "--auto-approve",
        "auto-approves stop");
  }

  private static CliRun run(String verb, String[] target, String... extra) {
    String[] args = new String[1 + target.length + extra.length];
    args[0] = verb;
    System.arraycopy(target, 0, args, 1, target.length);
    System.arraycopy(extra, 0, args, 1 + target.length, extra.length);
    return CliRun.run(ENV, args);
  }
}
