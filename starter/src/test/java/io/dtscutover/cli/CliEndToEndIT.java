package io.dtscutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtscutover.devstack.DevStack;
import io.dtscutover.devstack.EmbeddedTemporal;
import io.dtscutover.devstack.Scenarios;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI in this JVM against real parts: the embedded Temporal server, a worker running the real
 * workflow and activities, and the DTS simulator reached through the real Alibaba SDK. Each test
 * cuts over its own simulated job, because one cutover runs per job.
 */
public class CliEndToEndIT {
  /** Bounds every command that follows a cutover, so a broken run fails instead of hanging. */
  private static final Duration FOLLOW_LIMIT = Duration.ofSeconds(60);

  private static DevStack stack;
  private static Map<String, String> env;

  @BeforeAll
  static void startStack() {
    stack =
        DevStack.start(
            new DevStack.Options(
                EmbeddedTemporal.freePort(), Scenarios.load("cli-test"), 0, Map.of()));
    env = Map.of("TEMPORAL_ADDRESS", stack.temporalAddress(), "USER", "carol");
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

  /**
   * {@code start} for a fast {@code sim} cutover of {@code job} in cn-hangzhou, then {@code extra}.
   */
  public static String[] fastCutover(String job, String... extra) {
    String[] base = {
      "start",
      "--job-id",
      job,
      "--region",
      "cn-hangzhou",
      "--freeze",
      "sim",
      "--quiet-window",
      "1s",
      "--poll-interval",
      "200ms",
      "--as",
      "carol"
    };
    return concat(base, extra);
  }

  /** {@code command} addressed to {@code job} in cn-hangzhou, followed by {@code options}. */
  private static CliRun cliForJob(String command, String job, String... options) {
    return cli(concat(new String[] {command, "--job-id", job, "--region", "cn-hangzhou"}, options));
  }

  /** Starts a fast cutover of {@code job} that stops at the freeze gate, and waits for it there. */
  private static void startAndWaitAtTheFreezeGate(String job) {
    assertEquals(ExitCodes.OK, cli(fastCutover(job, "--require-approval", "freeze")).exitCode());
    assertEquals(ExitCodes.OK, cliForJob("watch", job).exitCode());
  }

  public static String[] concat(String[] first, String[] second) {
    String[] all = new String[first.length + second.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  /** The id of the run of {@code job}'s cutover that holds its workflow id now. */
  private static String runIdOf(String job) {
    return stack
        .client()
        .newUntypedWorkflowStub("cutover-cn-hangzhou-" + job)
        .describe()
        .getExecution()
        .getRunId();
  }

  private static JsonNode json(String text) throws Exception {
    return JsonOutput.mapper().readTree(text);
  }

  @Test
  void startWaitJsonPrintsTheReportAndExitsZero() throws Exception {
    CliRun run = cli(fastCutover("dtsclirun", "--require-approval", "none", "--wait", "--json"));

    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    JsonNode report = json(run.out());
    assertEquals("COMPLETED", report.get("outcome").asText(), run.out());
    assertEquals("cutover-cn-hangzhou-dtsclirun", report.get("workflowId").asText());
    assertTrue(report.get("taskStopped").asBoolean(), run.out());
    assertEquals("Finished", stack.simulator().status("dtsclirun"));

    CliRun again = cliForJob("report", "dtsclirun", "--json");
    assertEquals(ExitCodes.OK, again.exitCode(), again.toString());
    assertEquals("COMPLETED", json(again.out()).get("outcome").asText());
  }

  @Test
  void watchStopsAtTheGateAndApproveLetsTheCutoverFinish() throws Exception {
    CliRun start =
        cli(
            fastCutover(
                "dtscligate",
                "--require-approval",
                "freeze",
                "--approvers",
                "alice",
                "--two-person"));
    assertEquals(ExitCodes.OK, start.exitCode(), start.toString());
    assertTrue(start.out().contains("cutover-cn-hangzhou-dtscligate"), start.out());
    assertTrue(
        start.out().contains("cutover watch --job-id dtscligate --region cn-hangzhou"),
        start.out());
    // Decisions copied from the screen are for the run shown there.
    String approveHint =
        "cutover approve --job-id dtscligate --region cn-hangzhou --run-id "
            + runIdOf("dtscligate")
            + " --gate freeze --as YOUR_NAME";
    assertTrue(start.out().contains(approveHint), start.out());

    CliRun watch = cliForJob("watch", "dtscligate");
    assertEquals(ExitCodes.OK, watch.exitCode(), watch.toString());
    assertTrue(watch.out().contains(approveHint), watch.out());
    assertTrue(watch.out().contains("lag "), watch.out());

    CliRun status = cliForJob("status", "dtscligate", "--json");
    assertEquals(ExitCodes.OK, status.exitCode(), status.toString());
    JsonNode json = json(status.out());
    assertEquals("GATE_FREEZE", json.get("phase").asText());
    assertEquals("freeze", json.get("pendingGate").asText());
    assertFalse(json.get("frozen").asBoolean());

    CliRun text = cliForJob("status", "dtscligate");
    assertEquals(ExitCodes.OK, text.exitCode(), text.toString());
    assertTrue(text.out().contains("phase    GATE_FREEZE"), text.out());
    assertTrue(text.out().contains("freeze   source writable"), text.out());
    assertTrue(text.out().contains("approve: " + approveHint), text.out());

    CliRun notAllowed = cliForJob("approve", "dtscligate", "--gate", "freeze", "--as", "mallory");
    assertEquals(ExitCodes.USAGE, notAllowed.exitCode(), notAllowed.toString());
    assertTrue(notAllowed.err().contains("mallory is not an allowed approver"), notAllowed.err());
    assertEquals(1, notAllowed.err().lines().count(), "one sentence: " + notAllowed);

    CliRun wrongGate =
        cli(
            "approve",
            "--workflow-id",
            "cutover-cn-hangzhou-dtscligate",
            "--gate",
            "stop",
            "--as",
            "alice");
    assertEquals(ExitCodes.USAGE, wrongGate.exitCode(), wrongGate.toString());

    CliRun approve =
        cli(
            "approve",
            "--workflow-id",
            "cutover-cn-hangzhou-dtscligate",
            "--gate",
            "freeze",
            "--as",
            "alice",
            "--comment",
            "go");
    assertEquals(ExitCodes.OK, approve.exitCode(), approve.toString());

    CliRun finish = cliForJob("watch", "dtscligate");
    assertEquals(ExitCodes.OK, finish.exitCode(), finish.toString());
    assertTrue(finish.out().contains("outcome   COMPLETED"), finish.out());
    assertTrue(finish.out().contains("freeze APPROVED by alice"), finish.out());
  }

  @Test
  void abortBeforeTheFreezeEndsTheCutoverAsAbortedWithExitCodeOne() throws Exception {
    startAndWaitAtTheFreezeGate("dtscliabort");

    CliRun abort =
        cliForJob("abort", "dtscliabort", "--as", "alice", "--reason", "application errors");
    assertEquals(ExitCodes.OK, abort.exitCode(), abort.toString());

    CliRun watch = cliForJob("watch", "dtscliabort");
    assertEquals(ExitCodes.CUTOVER_NOT_SUCCESSFUL, watch.exitCode(), watch.toString());
    assertTrue(watch.out().contains("outcome   ABORTED"), watch.out());

    CliRun report = cliForJob("report", "dtscliabort", "--json");
    assertEquals(ExitCodes.CUTOVER_NOT_SUCCESSFUL, report.exitCode(), report.toString());
    JsonNode json = json(report.out());
    assertEquals("ABORTED", json.get("outcome").asText());
    assertEquals("ABORTED_BY_PERSON", json.get("reason").asText());
    assertFalse(json.get("taskStopped").asBoolean());
    assertFalse(json.get("sourceFrozen").asBoolean());
    assertTrue(
        stack.simulator().status("dtscliabort").startsWith("Migrating"),
        "the task keeps running after an abort");

    CliRun status = cliForJob("status", "dtscliabort", "--json");
    assertEquals("ABORTED", json(status.out()).get("phase").asText(), status.out());
    assertEquals("ABORTED_BY_PERSON", json(status.out()).get("reason").asText(), status.out());

    CliRun late = cliForJob("abort", "dtscliabort", "--as", "alice", "--reason", "again");
    assertEquals(ExitCodes.USAGE, late.exitCode(), late.toString());
  }

  @Test
  void manualFreezeWaitsForConfirmFreeze() throws Exception {
    CliRun start =
        cliForJob(
            "start",
            "dtsclimanual",
            "--freeze",
            "manual",
            "--quiet-window",
            "1s",
            "--poll-interval",
            "200ms",
            "--require-approval",
            "none",
            "--as",
            "carol");
    assertEquals(ExitCodes.OK, start.exitCode(), start.toString());
    String confirmHint =
        "cutover confirm-freeze --job-id dtsclimanual --region cn-hangzhou --run-id "
            + runIdOf("dtsclimanual")
            + " --as YOUR_NAME";
    assertTrue(start.out().contains(confirmHint), start.out());

    CliRun watch = cliForJob("watch", "dtsclimanual");
    assertEquals(ExitCodes.OK, watch.exitCode(), watch.toString());
    assertTrue(watch.out().contains(confirmHint), watch.out());

    // What the operator does by hand: stop the writers, then confirm.
    stack.simulator().setWriting("dtsclimanual", false);
    CliRun confirm = cliForJob("confirm-freeze", "dtsclimanual", "--as", "bob");
    assertEquals(ExitCodes.OK, confirm.exitCode(), confirm.toString());
    CliRun again = cliForJob("confirm-freeze", "dtsclimanual", "--as", "bob");
    assertEquals(ExitCodes.USAGE, again.exitCode(), again.toString());

    CliRun end = cliForJob("watch", "dtsclimanual");
    assertEquals(ExitCodes.OK, end.exitCode(), end.toString());
    assertTrue(end.out().contains("outcome   COMPLETED"), end.out());
  }

  @Test
  void rejectingAGateAbortsTheCutover() throws Exception {
    startAndWaitAtTheFreezeGate("dtsclireject");

    CliRun reject =
        cliForJob(
            "reject",
            "dtsclireject",
            "--gate",
            "freeze",
            "--as",
            "bob",
            "--reason",
            "lag looks odd");
    assertEquals(ExitCodes.OK, reject.exitCode(), reject.toString());

    CliRun end = cliForJob("watch", "dtsclireject");
    assertEquals(ExitCodes.CUTOVER_NOT_SUCCESSFUL, end.exitCode(), end.toString());
    assertTrue(end.out().contains("freeze REJECTED by bob"), end.out());
  }

  @Test
  void abortAfterThePointOfNoReturnIsRefusedInOneSentence() throws Exception {
    assertEquals(
        ExitCodes.OK, cli(fastCutover("dtsclipnr", "--require-approval", "none")).exitCode());
    // The simulator takes 4 s to finish a stop: wait (bounded) until the stop was sent.
    Instant deadline = Instant.now().plus(FOLLOW_LIMIT);
    JsonNode status;
    do {
      assertTrue(Instant.now().isBefore(deadline), "StopDtsJob was never sent");
      Thread.sleep(100);
      status = json(cliForJob("status", "dtsclipnr", "--json").out());
    } while (!status.path("pointOfNoReturn").asBoolean(false));

    CliRun abort = cliForJob("abort", "dtsclipnr", "--as", "alice", "--reason", "too late");
    assertEquals(ExitCodes.USAGE, abort.exitCode(), abort.toString());
    assertTrue(abort.err().startsWith("error: refused: "), abort.err());
    assertTrue(abort.err().contains("point of no return"), abort.err());
    assertEquals(1, abort.err().lines().count(), abort.toString());

    CliRun end = cliForJob("watch", "dtsclipnr");
    assertEquals(ExitCodes.OK, end.exitCode(), end.toString());
  }

  @Test
  void dryRunSucceedsAndChangesNothing() throws Exception {
    CliRun run = cli(fastCutover("dtsclidry", "--dry-run", "--wait", "--json"));
    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    JsonNode report = json(run.out());
    assertEquals("DRY_RUN", report.get("outcome").asText());
    assertFalse(report.get("plan").isEmpty(), run.out());
    assertFalse(report.get("sourceFrozen").asBoolean());
    assertTrue(stack.simulator().status("dtsclidry").startsWith("Migrating"));
  }

  @Test
  void aSecondStartOfARunningCutoverIsRefused() throws Exception {
    assertEquals(
        ExitCodes.OK, cli(fastCutover("dtsclitwice", "--require-approval", "freeze")).exitCode());
    CliRun again = cli(fastCutover("dtsclitwice", "--require-approval", "freeze"));
    assertEquals(ExitCodes.USAGE, again.exitCode(), again.toString());
    assertTrue(again.err().contains("already running"), again.err());

    CliRun report = cliForJob("report", "dtsclitwice");
    assertEquals(ExitCodes.USAGE, report.exitCode(), report.toString());
    assertTrue(report.err().contains("still running"), report.err());

    assertEquals(ExitCodes.OK, cliForJob("watch", "dtsclitwice").exitCode());
    CliRun list = cli("list", "--open");
    assertEquals(ExitCodes.OK, list.exitCode(), list.toString());
    assertTrue(list.out().contains("cutover-cn-hangzhou-dtsclitwice"), list.out());
    CliRun listJson = cli("list", "--open", "--json");
    boolean listed = false;
    for (JsonNode row : json(listJson.out())) {
      if (row.get("workflowId").asText().equals("cutover-cn-hangzhou-dtsclitwice")) {
        listed = true;
        assertEquals("running", row.get("status").asText());
        assertEquals("GATE_FREEZE", row.get("phase").asText(), listJson.out());
      }
    }
    assertTrue(listed, listJson.out());

    assertEquals(
        ExitCodes.OK,
        cliForJob("abort", "dtsclitwice", "--as", "carol", "--reason", "test cleanup").exitCode());
  }

  @Test
  void unknownCutoverIsAUsageError() {
    CliRun status = cliForJob("status", "dtsnosuchjob");
    assertEquals(ExitCodes.USAGE, status.exitCode(), status.toString());
    assertTrue(status.err().contains("no cutover cutover-cn-hangzhou-dtsnosuchjob"), status.err());
  }

  @Test
  void addressingNeedsJobAndRegionOrWorkflowId() {
    CliRun run = cli("status", "--job-id", "dtsclirun");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("--region is missing"), run.err());
  }
}
