package io.dtscutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {

  @Test
  void everyCommandHasHelpWithAnExample() {
    CommandLine root =
        CutoverCli.commandLine(
            new CliEnvironment(
                Map.of(), new BufferedReader(new StringReader("")), new ShutdownSignal()));
    assertFalse(root.getSubcommands().isEmpty());
    for (String name : root.getSubcommands().keySet()) {
      CliRun help = CliRun.run(Map.of(), name, "--help");
      assertEquals(0, help.exitCode(), name + ": " + help);
      assertTrue(help.out().contains("Usage: cutover " + name), name + ": " + help);
      assertTrue(help.out().contains("Example:"), name + " help has no example: " + help);
      assertTrue(help.out().contains("cutover " + name), name + " example: " + help);
    }
  }

  @Test
  void rootHelpListsTheCommandsAndExitCodes() {
    CliRun help = CliRun.run(Map.of(), "--help");
    assertEquals(0, help.exitCode(), help.toString());
    for (String verb :
        new String[] {
          "start",
          "status",
          "watch",
          "report",
          "list",
          "approve",
          "reject",
          "abort",
          "confirm-freeze",
          "marker",
          "server",
          "worker",
          "simulator",
          "dev",
          "demo"
        }) {
      assertTrue(help.out().contains(verb), verb + " missing: " + help);
    }
    assertTrue(help.out().contains("3 Temporal or DTS unreachable"), help.toString());
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.run(Map.of());
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("name a command"), run.toString());
  }

  @Test
  void startHelpNamesEveryRequestFlag() {
    CliRun help = CliRun.run(Map.of(), "start", "--help");
    for (String flag :
        new String[] {
          "--job-id",
          "--region",
          "--instance-id",
          "--freeze",
          "--freeze-target",
          "--proof",
          "--proof-source",
          "--proof-destination",
          "--max-lag-before-freeze",
          "--quiet-window",
          "--poll-interval",
          "--catch-up-timeout",
          "--wait-for-incremental-timeout",
          "--max-freeze",
          "--require-approval",
          "--approvers",
          "--two-person",
          "--gate-deadline",
          "--auto-approve",
          "--delete",
          "--unfreeze-after-stop",
          "--allow-paused",
          "--allow-failed",
          "--dry-run",
          "--not-before",
          "--not-after",
          "--as",
          "--wait",
          "--json",
          "--address",
          "--namespace"
        }) {
      assertTrue(help.out().contains(flag), flag + " missing from start --help");
    }
  }
}
