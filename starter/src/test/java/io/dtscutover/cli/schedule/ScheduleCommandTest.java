package io.dtscutover.cli.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.devstack.EmbeddedTemporal;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `cutover schedule` through the real command line. */
class ScheduleCommandTest {
  private static EmbeddedTemporal temporal;

  @BeforeAll
  static void startServer() {
    temporal = EmbeddedTemporal.start(EmbeddedTemporal.freePort());
  }

  @AfterAll
  static void stopServer() {
    temporal.close();
  }

  private static Map<String, String> env(String address) {
    return Map.of("TEMPORAL_ADDRESS", address, "USER", "alice");
  }

  private static final String[] CREATE = {
    "schedule", "create", "--id", "orders-cutover", "--cron", "0 3 * * SUN",
    "--job-id", "dtsabc123", "--region", "cn-hangzhou", "--freeze", "none",
    "--auto-approve", "freeze,stop,delete", "--as", "alice"
  };

  @Test
  void theEmbeddedServerHasNoSchedulesAndTheCliSaysSoInOneSentence() {
    for (String[] args :
        new String[][] {
          CREATE,
          {"schedule", "list"},
          {"schedule", "describe", "--id", "orders-cutover"},
          {"schedule", "pause", "--id", "orders-cutover"},
          {"schedule", "trigger", "--id", "orders-cutover"},
          {"schedule", "delete", "--id", "orders-cutover"}
        }) {
      CliRun run = CliRun.run(env(temporal.address()), args);

      assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
      assertEquals("error: " + ScheduleFailures.UNSUPPORTED + "\n", run.err(), run.toString());
      assertEquals("", run.out());
    }
    // One sentence, naming the compose stack.
    assertFalse(ScheduleFailures.UNSUPPORTED.contains(". "));
    assertTrue(ScheduleFailures.UNSUPPORTED.contains("docker compose up"));
  }

  @Test
  void aScheduleThatWouldWaitForNobodyIsRefusedBeforeAnythingIsContacted() {
    // Nothing listens on port 1: contacting Temporal would be exit code 3.
    CliRun run =
        CliRun.run(
            env("127.0.0.1:1"),
            "schedule",
            "create",
            "--id",
            "orders-cutover",
            "--every",
            "24h",
            "--job-id",
            "dtsabc123",
            "--region",
            "cn-hangzhou",
            "--freeze",
            "none",
            "--as",
            "alice");

    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("for a person nobody named"), run.toString());
    assertTrue(
        run.err().contains("--approvers") && run.err().contains("--auto-approve"), run.toString());
  }

  @Test
  void badScheduleInputIsAUsageErrorNamingTheFlag() {
    CliRun noCadence =
        CliRun.run(
            env("127.0.0.1:1"),
            "schedule",
            "create",
            "--id",
            "orders-cutover",
            "--job-id",
            "dtsabc123",
            "--region",
            "cn-hangzhou",
            "--freeze",
            "none",
            "--require-approval",
            "none");
    assertEquals(ExitCodes.USAGE, noCadence.exitCode(), noCadence.toString());
    assertTrue(noCadence.err().contains("--cron EXPR") && noCadence.err().contains("--every"));

    CliRun badId = CliRun.run(env("127.0.0.1:1"), "schedule", "pause", "--id", "orders cutover");
    assertEquals(ExitCodes.USAGE, badId.exitCode(), badId.toString());
    assertTrue(badId.err().contains("--id must be"), badId.toString());

    CliRun invalidRequest =
        CliRun.run(
            env("127.0.0.1:1"),
            "schedule",
            "create",
            "--id",
            "x",
            "--every",
            "1h",
            "--job-id",
            "dtsabc123",
            "--region",
            "Hangzhou",
            "--require-approval",
            "none");
    assertEquals(ExitCodes.USAGE, invalidRequest.exitCode(), invalidRequest.toString());
    assertTrue(invalidRequest.err().contains("--region"), invalidRequest.toString());
  }

  @Test
  void scheduleWithoutAVerbNamesTheVerbs() {
    CliRun run = CliRun.run(env("127.0.0.1:1"), "schedule");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("create, list, describe, pause, unpause, trigger or delete"));
  }

  @Test
  void everyScheduleVerbHasHelpWithAnExample() {
    for (String verb :
        new String[] {"create", "list", "describe", "pause", "unpause", "trigger", "delete"}) {
      CliRun help = CliRun.run(Map.of(), "schedule", verb, "--help");
      assertEquals(0, help.exitCode(), help.toString());
      assertTrue(help.out().contains("cutover schedule " + verb), verb + ": " + help);
    }
  }
}
