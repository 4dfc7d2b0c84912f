package io.dtscutover.cli.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.devstack.EmbeddedTemporal;
import io.dtscutover.workflow.CutoverRequest;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * `cutover start --at` on the embedded server (no worker): Temporal holds the cutover until then,
 * and the request's window opens then too.
 */
class StartAtTest {
  private final EmbeddedTemporal temporal = EmbeddedTemporal.start(EmbeddedTemporal.freePort());
  private final WorkflowServiceStubs stubs =
      WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build());
  private final WorkflowClient client =
      WorkflowClient.newInstance(
          stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());

  @AfterEach
  void close() {
    stubs.shutdownNow();
    temporal.close();
  }

  private CliRun start(String... extra) {
    String[] base = {
      "start",
      "--job-id",
      "dtsabc123",
      "--region",
      "cn-hangzhou",
      "--freeze",
      "none",
      "--as",
      "alice"
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return CliRun.run(Map.of("TEMPORAL_ADDRESS", temporal.address()), args);
  }

  @Test
  void holdsTheCutoverUntilTheInstantAndOpensTheWindowThen() {
    Instant at = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

    CliRun run = start("--at", at.toString());

    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    assertTrue(run.out().contains("it begins at " + at), run.toString());
    List<HistoryEvent> events =
        client.fetchHistory("cutover-cn-hangzhou-dtsabc123").getHistory().getEventsList();
    // Started and nothing else: no workflow task is scheduled before the delay passes.
    assertEquals(1, events.size(), events.toString());
    assertEquals(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, events.get(0).getEventType());
    WorkflowExecutionStartedEventAttributes started =
        events.get(0).getWorkflowExecutionStartedEventAttributes();
    Duration backoff = Duration.ofSeconds(started.getFirstWorkflowTaskBackoff().getSeconds());
    assertTrue(
        backoff.compareTo(Duration.ofHours(2)) <= 0 && backoff.compareTo(Duration.ofHours(1)) > 0,
        "held until --at: " + backoff);
    CutoverRequest request =
        DefaultDataConverter.newDefaultInstance()
            .fromPayload(
                started.getInput().getPayloads(0), CutoverRequest.class, CutoverRequest.class);
    assertEquals(at, request.notBefore(), "the window opens at --at");
  }

  @Test
  void statusOfAHeldCutoverSaysWhenItBeginsInsteadOfQueryingIt() {
    Instant at = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    assertEquals(ExitCodes.OK, start("--at", at.toString()).exitCode());
    Map<String, String> env = Map.of("TEMPORAL_ADDRESS", temporal.address());
    String[] address = {"--job-id", "dtsabc123", "--region", "cn-hangzhou"};

    CliRun text = CliRun.run(env, concat(new String[] {"status"}, address));
    CliRun json = CliRun.run(env, concat(new String[] {"status", "--json"}, address));

    assertEquals(ExitCodes.OK, text.exitCode(), text.toString());
    // The server holds it from the start call plus the delay: --at to the second.
    String second = at.toString().replace("Z", "");
    assertTrue(text.out().contains("begins at " + second), text.toString());
    assertEquals(ExitCodes.OK, json.exitCode(), json.toString());
    assertTrue(
        json.out().contains("\"phase\" : \"NOT_BEGUN\"")
            || json.out().contains("\"phase\":\"NOT_BEGUN\""),
        json.toString());
    assertTrue(json.out().contains(second), json.toString());
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = new String[first.length + second.length];
    System.arraycopy(first, 0, all, 0, first.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  @Test
  void anExplicitWindowStartWins() {
    Instant at = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    Instant opens = at.plus(Duration.ofMinutes(30));

    CliRun run = start("--at", at.toString(), "--not-before", opens.toString());

    assertEquals(ExitCodes.OK, run.exitCode(), run.toString());
    HistoryEvent first =
        client.fetchHistory("cutover-cn-hangzhou-dtsabc123").getHistory().getEvents(0);
    CutoverRequest request =
        DefaultDataConverter.newDefaultInstance()
            .fromPayload(
                first.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0),
                CutoverRequest.class,
                CutoverRequest.class);
    assertEquals(opens, request.notBefore());
  }

  @Test
  void aHeldCutoverStillCountsAsTheJobsLiveCutover() {
    Instant at = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    assertEquals(ExitCodes.OK, start("--at", at.toString()).exitCode());

    CliRun second = start();

    assertEquals(ExitCodes.USAGE, second.exitCode(), second.toString());
    assertTrue(second.err().contains("already running"), second.toString());
  }

  @Test
  void anInstantInThePastIsRefusedAndNothingStarts() {
    CliRun run = start("--at", "2020-01-01T00:00:00Z");

    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(
        run.err().contains("--at 2020-01-01T00:00:00Z is not in the future"), run.toString());
    assertTrue(run.err().contains("leave --at out to start now"), run.toString());
    CliRun startsNow = start("--dry-run");
    assertEquals(ExitCodes.OK, startsNow.exitCode(), "the job had no live cutover: " + startsNow);
  }
}
