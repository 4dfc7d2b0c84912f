package io.dtscutover.cli.wave;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtscutover.cli.CliEndToEndIT;
import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.devstack.DevStack;
import io.dtscutover.devstack.EmbeddedTemporal;
import io.dtscutover.devstack.Scenarios;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cutover wave} in this JVM against real parts: the embedded Temporal server, a worker with
 * the real workflows and activities, and the DTS simulator through the real Alibaba SDK, with the
 * {@code sim} freeze. Each test uses its own simulated jobs.
 */
class WaveCliIT {
  private static final Duration FOLLOW_LIMIT = Duration.ofSeconds(90);

  private static DevStack stack;
  private static Map<String, String> env;

  @BeforeAll
  static void startStack() {
    stack =
        DevStack.start(
            new DevStack.Options(
                EmbeddedTemporal.freePort(), Scenarios.load("wave-test"), 0, Map.of()));
    env = Map.of("TEMPORAL_ADDRESS", stack.temporalAddress(), "USER", "alice");
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  private static CliRun cli(String... args) {
    return assertTimeoutPreemptively(FOLLOW_LIMIT, () -> CliRun.run(env, args));
  }

  private static String[] fastWave(String wave, String... jobsAndExtra) {
    String[] base = {
      "wave",
      "start",
      "--wave-id",
      wave,
      "--freeze",
      "sim",
      "--quiet-window",
      "1s",
      "--poll-interval",
      "200ms",
      "--catch-up-timeout",
      "5s",
      "--as",
      "alice"
    };
    return CliEndToEndIT.concat(base, jobsAndExtra);
  }

  private static JsonNode json(String text) throws Exception {
    return JsonOutput.mapper().readTree(text);
  }

  @Test
  void threeSimulatedJobsCompleteWithOneFreezeAndOneStopApproval() throws Exception {
    CliRun start =
        cli(
            fastWave(
                "shards",
                "--job",
                "cn-hangzhou/dtswave1",
                "--job",
                "cn-hangzhou/dtswave2",
                "--job",
                "cn-shanghai/dtswave3",
                "--two-person"));
    assertEquals(ExitCodes.OK, start.exitCode(), start.toString());
    assertTrue(start.out().contains("wave-shards"), start.out());
    assertTrue(
        start.out().contains("cutover approve --wave-id shards --gate freeze --as YOUR_NAME"),
        start.out());

    CliRun watch = cli("wave", "watch", "--wave-id", "shards");
    assertEquals(ExitCodes.OK, watch.exitCode(), watch.toString());
    assertTrue(watch.out().contains("GATE_FREEZE"), watch.out());
    assertTrue(watch.out().contains("dtswave3"), "one line per job: " + watch.out());

    CliRun mine = cli("approve", "--wave-id", "shards", "--gate", "freeze", "--as", "alice");
    assertEquals(ExitCodes.USAGE, mine.exitCode(), "two-person rule: " + mine);
    CliRun direct =
        cli(
            "approve",
            "--job-id",
            "dtswave1",
            "--region",
            "cn-hangzhou",
            "--gate",
            "freeze",
            "--as",
            "bob");
    assertEquals(ExitCodes.USAGE, direct.exitCode(), direct.toString());
    assertTrue(direct.err().contains("--wave-id shards"), direct.err());

    CliRun freeze = cli("approve", "--wave-id", "shards", "--gate", "freeze", "--as", "bob");
    assertEquals(ExitCodes.OK, freeze.exitCode(), freeze.toString());
    assertEquals(ExitCodes.OK, cli("wave", "watch", "--wave-id", "shards").exitCode());
    for (String job : new String[] {"dtswave1", "dtswave2", "dtswave3"}) {
      assertFalse(stack.simulator().writing(job), job + " is frozen at the stop gate");
      assertEquals("Migrating", stack.simulator().status(job));
    }
    CliRun stop = cli("approve", "--wave-id", "shards", "--gate", "stop", "--as", "carol");
    assertEquals(ExitCodes.OK, stop.exitCode(), stop.toString());

    CliRun report = cli("wave", "report", "--wave-id", "shards", "--json");
    assertEquals(ExitCodes.OK, report.exitCode(), report.toString());
    JsonNode wave = json(report.out());
    assertEquals("COMPLETED", wave.get("outcome").asText(), report.out());
    assertEquals(3, wave.get("jobs").size());
    for (String job : new String[] {"dtswave1", "dtswave2", "dtswave3"}) {
      assertEquals("Finished", stack.simulator().status(job));
    }
    CliRun one = cli("status", "--job-id", "dtswave3", "--region", "cn-shanghai", "--json");
    assertEquals(ExitCodes.OK, one.exitCode(), one.toString());
    assertEquals("COMPLETED", json(one.out()).get("phase").asText(), one.out());
    CliRun table = cli("wave", "status", "--wave-id", "shards");
    assertEquals(ExitCodes.OK, table.exitCode(), table.toString());
    assertTrue(table.out().contains("JOB"), table.out());
  }

  @Test
  void aJobThatCannotCatchUpLeavesEverySourceRestoredAndEveryTaskRunning() throws Exception {
    CliRun start =
        cli(
            fastWave(
                "stuck",
                "--job",
                "cn-hangzhou/dtsstuck1",
                "--job",
                "cn-hangzhou/dtsstuck2",
                "--job",
                "cn-hangzhou/dtsstuck3",
                "--require-approval",
                "none"));
    assertEquals(ExitCodes.OK, start.exitCode(), start.toString());

    CliRun report = cli("wave", "report", "--wave-id", "stuck", "--json");

    assertEquals(ExitCodes.CUTOVER_NOT_SUCCESSFUL, report.exitCode(), report.toString());
    JsonNode wave = json(report.out());
    assertEquals("ABORTED", wave.get("outcome").asText(), report.out());
    assertEquals("CATCH_UP_TIMEOUT", wave.get("reason").asText(), report.out());
    for (String job : new String[] {"dtsstuck1", "dtsstuck2", "dtsstuck3"}) {
      assertTrue(stack.simulator().writing(job), job + "'s source is restored");
      assertEquals("Migrating", stack.simulator().status(job), job + " keeps running");
    }
    assertTrue(stack.simulator().calls("StopDtsJob").isEmpty());
  }

  @Test
  void aDryRunPrintsEveryJobsPlanAndChangesNothing() {
    CliRun dry =
        cli(
            fastWave(
                "dry",
                "--job",
                "cn-hangzhou/dtsdry1",
                "--job",
                "cn-hangzhou/dtsdry2",
                "--dry-run"));

    assertEquals(ExitCodes.OK, dry.exitCode(), dry.toString());
    assertTrue(dry.out().contains("plan of dtsdry1:"), dry.out());
    assertTrue(dry.out().contains("plan of dtsdry2:"), dry.out());
    assertTrue(dry.out().contains("freeze writes on the source with sim"), dry.out());
    assertTrue(stack.simulator().writing("dtsdry1"));
  }

  @Test
  void aJobsFileGivesEachJobItsOwnOverrides(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("wave.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "jobs:",
            "  - job: cn-hangzhou/dtsdry1",
            "  - job: cn-hangzhou/dtsdry2",
            "    freeze: none",
            "    quietWindow: 2s",
            ""));
    CliRun dry = cli(fastWave("dryfile", "--jobs-file", file.toString(), "--dry-run", "--json"));

    assertEquals(ExitCodes.OK, dry.exitCode(), dry.toString());
    JsonNode wave = json(dry.out());
    assertEquals("DRY_RUN", wave.get("outcome").asText(), dry.out());
    assertEquals("sim", wave.get("jobs").get(0).get("freeze").asText());
    assertEquals("none", wave.get("jobs").get(1).get("freeze").asText());

    Files.writeString(
        file, String.join("\n", "jobs:", "  - job: cn-hangzhou/dtsdry1", "    quietWindw: 2s", ""));
    CliRun typo = cli(fastWave("typo", "--jobs-file", file.toString()));
    assertEquals(ExitCodes.USAGE, typo.exitCode(), typo.toString());
    assertTrue(typo.err().contains("unknown key `quietWindw`"), typo.err());
  }

  @Test
  void badInputNamesTheProblemAndStartsNothing() {
    CliRun noSlash = cli(fastWave("bad", "--job", "dtswave1"));
    assertEquals(ExitCodes.USAGE, noSlash.exitCode(), noSlash.toString());
    assertTrue(noSlash.err().contains("REGION/JOBID"), noSlash.err());

    CliRun twice =
        cli(fastWave("bad", "--job", "cn-hangzhou/dtsdry1", "--job", "cn-hangzhou/dtsdry1"));
    assertEquals(ExitCodes.USAGE, twice.exitCode(), twice.toString());
    assertTrue(twice.err().contains("twice"), twice.err());

    CliRun manual =
        cli("wave", "start", "--wave-id", "bad", "--job", "cn-hangzhou/dtsdry1", "--as", "alice");
    assertEquals(ExitCodes.USAGE, manual.exitCode(), manual.toString());
    assertTrue(manual.err().contains("manual freeze cannot be used in a wave"), manual.err());

    CliRun status = cli("wave", "status", "--wave-id", "bad");
    assertEquals(ExitCodes.USAGE, status.exitCode(), "nothing was started: " + status);
  }
}
