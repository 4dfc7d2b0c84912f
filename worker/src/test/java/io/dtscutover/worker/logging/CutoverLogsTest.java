package io.dtscutover.worker.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.worker.fixtures.CutoverRun;
import io.dtscutover.worker.fixtures.Requests;
import io.dtscutover.worker.fixtures.WebhookReceiver;
import io.dtscutover.worker.notify.NotificationActivitiesImpl;
import io.dtscutover.workflow.FakeDtsActivities;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.Snapshots;
import io.temporal.common.interceptors.WorkerInterceptor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The worker's log, text or JSON, names the cutover on every line the cutover produces. */
class CutoverLogsTest {
  private static final String WORKFLOW_ID = "cutover-cn-hangzhou-dtsjob01";
  private static final ObjectMapper JSON = new ObjectMapper();

  @AfterEach
  void restoreTestLogging() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  /** Runs one completed cutover with the worker's logging in {@code format}; returns stderr. */
  private static List<String> logOfACutover(LogFormat format) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (WebhookReceiver webhook = new WebhookReceiver()) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      WorkerLogging.configure(format);
      NotificationActivitiesImpl notifications =
          NotificationActivitiesImpl.fromEnvironment(
              Map.of(NotificationActivitiesImpl.WEBHOOK_URL, webhook.url("/hook")));
      try (CutoverRun run =
          new CutoverRun(
              new WorkerInterceptor[] {new CutoverLogContext()},
              FakeDtsActivities.caughtUp(),
              notifications)) {
        assertEquals(
            Outcome.COMPLETED, run.run(Requests.caughtUp(ApprovalPolicy.noApprovals())).outcome());
      }
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonLinesParseAndCarryTheWorkflowAndJobIds() throws Exception {
    List<String> lines = logOfACutover(LogFormat.JSON);

    List<JsonNode> cutoverLines = new ArrayList<>();
    for (String line : lines) {
      JsonNode json = JSON.readTree(line); // every line is one JSON object
      assertTrue(json.isObject(), line);
      assertTrue(json.hasNonNull("@timestamp") && json.hasNonNull("message"), line);
      if (json.path("logger_name").asText().startsWith("io.dtscutover")) {
        cutoverLines.add(json);
      }
    }
    assertTrue(
        cutoverLines.stream()
            .anyMatch(
                l ->
                    l.path("logger_name").asText().endsWith("CutoverWorkflowImpl")
                        && l.path("message").asText().contains("ended COMPLETED")),
        "the workflow's own line: " + lines);
    assertTrue(
        cutoverLines.stream()
            .anyMatch(l -> l.path("logger_name").asText().endsWith("NotificationActivitiesImpl")),
        "an activity's line: " + lines);
    for (JsonNode line : cutoverLines) {
      assertEquals(WORKFLOW_ID, line.path("WorkflowId").asText(), line.toString());
      assertEquals(Snapshots.JOB, line.path(CutoverLogContext.JOB_ID).asText(), line.toString());
      assertEquals(Snapshots.REGION, line.path(CutoverLogContext.REGION).asText(), line.toString());
    }
  }

  @Test
  void textLinesNameTheCutoverAndTheJob() {
    List<String> lines = logOfACutover(LogFormat.TEXT);

    List<String> cutoverLines =
        lines.stream()
            .filter(
                l -> l.contains("CutoverWorkflowImpl") || l.contains("NotificationActivitiesImpl"))
            .toList();
    assertTrue(cutoverLines.size() >= 2, "the workflow and an activity logged: " + lines);
    for (String line : cutoverLines) {
      assertTrue(line.contains(" INFO  [" + WORKFLOW_ID + " job=" + Snapshots.JOB + "] "), line);
    }
    assertTrue(lines.stream().anyMatch(l -> l.contains("ended COMPLETED")), lines.toString());
    // Lines outside any cutover carry no empty brackets.
    assertTrue(lines.stream().noneMatch(l -> l.contains("[ job=]")), lines.toString());
  }

  @Test
  void theFormatComesFromTheEnvironment() {
    assertEquals(LogFormat.TEXT, LogFormat.fromEnvironment(Map.of()));
    assertEquals(LogFormat.JSON, LogFormat.fromEnvironment(Map.of("CUTOVER_LOG_FORMAT", " JSON")));
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> LogFormat.fromEnvironment(Map.of("CUTOVER_LOG_FORMAT", "xml")));
    assertEquals("CUTOVER_LOG_FORMAT must be text or json (got 'xml')", refused.getMessage());
  }
}
