package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.sdk.v1.WorkflowDefinition;
import io.temporal.api.sdk.v1.WorkflowMetadata;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A whole cutover as a client without our classes drives it: the untyped {@link WorkflowStub},
 * plain JSON strings taken from {@code docs/temporal-contract.md}, and plain JSON back. If the doc
 * and the workflow drift apart, this fails.
 */
class CrossClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private final List<ContractDoc.Command> doc = ContractDoc.wholeCutover();
  private WorkflowClient client;
  private Worker worker;

  @BeforeEach
  void startWorker(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    this.client = client;
    this.worker = worker;
    registerAndStart(
        env,
        worker,
        new FakeDtsActivities().describes(Snapshots.incremental(0)),
        new FakeWriteFreezeActivities());
  }

  @Test
  void theDocsWholeCutoverCompletesWithApprovalsByUpdate() throws Exception {
    ContractDoc.Command start = command("start", null);
    assertEquals(CutoverIds.DEFAULT_TASK_QUEUE, start.taskQueue());
    WorkflowStub cutover = start(start);

    JsonNode status = awaitStatus(cutover, s -> "GATE_FREEZE".equals(s.path("phase").asText()));
    assertEquals("freeze", status.get("pendingGate").asText());
    assertEquals("sim", status.at("/request/freezeStrategy").asText());
    assertEquals("PT10S", status.at("/request/quietWindow").asText(), "written as ISO-8601");
    assertEquals(
        "PT20M", status.at("/request/catchUpTimeout").asText(), "left out, so the default");

    JsonNode approved = update(cutover, command("update", "approve"));
    assertEquals("freeze gate approved by bob", approved.get("message").asText());
    assertEquals("GATE_FREEZE", approved.get("phase").asText());
    assertFalse(approved.get("next").asText().isBlank());

    awaitStatus(cutover, s -> "stop".equals(s.path("pendingGate").asText()));
    ContractDoc.Command approveStop =
        doc.stream()
            .filter(c -> "approve".equals(c.name()) && c.input().contains("\"stop\""))
            .findFirst()
            .orElseThrow();
    assertEquals("stop gate approved by bob", update(cutover, approveStop).get("message").asText());

    assertTrue(doc.stream().anyMatch(c -> c.verb().equals("result")));
    JsonNode report = JSON.readTree(WireJson.text(cutover.getResult(RawValue.class)));
    assertEquals("COMPLETED", report.get("outcome").asText());
    assertEquals("CAUGHT_UP_AND_STOPPED", report.get("reason").asText());
    assertTrue(report.get("taskStopped").asBoolean());
    assertEquals("freeze", report.at("/decisions/0/gate").asText());
    assertEquals("window open", report.at("/decisions/0/comment").asText());
  }

  @Test
  void theDocsAbortEndsTheCutoverAbortedByAPerson() throws Exception {
    WorkflowStub cutover = start(command("start", null));
    awaitStatus(cutover, s -> "GATE_FREEZE".equals(s.path("phase").asText()));

    JsonNode accepted = update(cutover, command("update", "abort"));
    assertEquals("abort accepted", accepted.get("message").asText());

    JsonNode report = JSON.readTree(WireJson.text(cutover.getResult(RawValue.class)));
    assertEquals("ABORTED", report.get("outcome").asText());
    assertEquals("ABORTED_BY_PERSON", report.get("reason").asText());
    JsonNode status = JSON.readTree(WireJson.text(cutover.query("status", RawValue.class)));
    assertEquals("ABORTED_BY_PERSON", status.get("reason").asText());
  }

  @Test
  void theDocsRejectEndsTheCutoverWithTheGateRejected() throws Exception {
    WorkflowStub cutover = start(command("start", null));
    awaitStatus(cutover, s -> "GATE_FREEZE".equals(s.path("phase").asText()));

    update(cutover, command("update", "reject"));

    JsonNode report = JSON.readTree(WireJson.text(cutover.getResult(RawValue.class)));
    assertEquals("GATE_REJECTED", report.get("reason").asText());
    assertEquals("traffic peak", report.at("/decisions/0/comment").asText());
  }

  @Test
  void theDocsSignalApprovesLikeTheUpdate() throws Exception {
    WorkflowStub cutover = start(command("start", null));
    awaitStatus(cutover, s -> "GATE_FREEZE".equals(s.path("phase").asText()));

    ContractDoc.Command signal = command("signal", "approveSignal");
    cutover.signal(signal.name(), WireJson.of(signal.input()));

    awaitStatus(cutover, s -> "stop".equals(s.path("pendingGate").asText()));
    JsonNode status = JSON.readTree(WireJson.text(cutover.query("status", RawValue.class)));
    assertEquals("APPROVED", status.at("/decisions/0/verdict").asText());
    assertEquals("bob", status.at("/decisions/0/by").asText());
  }

  @Test
  void aRefusedUpdateHasTheStableTypeAndNoCliFlag() throws Exception {
    WorkflowStub cutover = start(command("start", null));
    awaitStatus(cutover, s -> "GATE_FREEZE".equals(s.path("phase").asText()));

    assertRefused(
        cutover,
        "{\"gate\": \"stop\", \"by\": \"bob\"}",
        "the stop gate is not waiting for a decision (the freeze gate is)");
  }

  @Test
  void aMistakeInAnUpdateIsRefusedWithAReasonAndInASignalIsRecorded() throws Exception {
    WorkflowStub cutover = start(command("start", null));
    awaitStatus(cutover, s -> "GATE_FREEZE".equals(s.path("phase").asText()));

    assertRefused(
        cutover,
        "{\"gate\": \"frieze\", \"by\": \"bob\"}",
        "name a gate: one of freeze, stop, delete");

    cutover.signal("approveSignal", WireJson.of("{\"gate\": \"freeze\", \"approver\": \"bob\"}"));
    JsonNode status =
        awaitStatus(cutover, s -> s.path("timeline").toString().contains("ignored approve signal"));
    assertEquals("freeze", status.get("pendingGate").asText(), "the gate still waits");
    assertTrue(
        status.path("timeline").toString().contains("an approver name is required (by)"),
        status.path("timeline").toString());
  }

  @Test
  void theWebUiExplainsEveryHandlerAndShowsTheRequestWhoeverStartedIt() throws Exception {
    WorkflowStub cutover = start(command("start", null));
    awaitStatus(cutover, s -> "GATE_FREEZE".equals(s.path("phase").asText()));

    WorkflowMetadata metadata =
        cutover.query("__temporal_workflow_metadata", WorkflowMetadata.class);

    WorkflowDefinition definition = metadata.getDefinition();
    List<String> undescribed = new ArrayList<>();
    definition.getQueryDefinitionsList().stream()
        .filter(q -> !q.getName().startsWith("__") && q.getDescription().isBlank())
        .forEach(q -> undescribed.add(q.getName()));
    definition.getUpdateDefinitionsList().stream()
        .filter(u -> u.getDescription().isBlank())
        .forEach(u -> undescribed.add(u.getName()));
    definition.getSignalDefinitionsList().stream()
        .filter(g -> g.getDescription().isBlank())
        .forEach(g -> undescribed.add(g.getName()));
    assertEquals(List.of(), undescribed, "every query, update and signal has a description");
    assertEquals(4, definition.getUpdateDefinitionsCount());
    assertEquals(6, definition.getSignalDefinitionsCount());
    assertTrue(
        metadata
            .getCurrentDetails()
            .contains(
                "dtsdemo01 in cn-hangzhou, requested by alice; freeze sim, quiet window PT10S"),
        metadata.getCurrentDetails());
  }

  /** {@code approve} with {@code input} is refused, typed {@code CutoverRefused}, saying why. */
  private static void assertRefused(WorkflowStub cutover, String input, String why) {
    WorkflowUpdateException refused =
        assertThrows(
            WorkflowUpdateException.class,
            () -> cutover.update("approve", RawValue.class, WireJson.of(input)));
    ApplicationFailure failure = (ApplicationFailure) refused.getCause();
    assertEquals(CutoverFailures.REFUSED, failure.getType());
    assertEquals(why, failure.getOriginalMessage());
  }

  private ContractDoc.Command command(String verb, String name) {
    return doc.stream()
        .filter(c -> c.verb().equals(verb) && (name == null || name.equals(c.name())))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the doc shows no `" + verb + " " + name + "`"));
  }

  private WorkflowStub start(ContractDoc.Command start) {
    WorkflowStub cutover =
        client.newUntypedWorkflowStub(
            "CutoverWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId(start.workflowId())
                .setTaskQueue(worker.getTaskQueue())
                .build());
    cutover.start(WireJson.of(start.input()));
    return cutover;
  }

  private static JsonNode update(WorkflowStub cutover, ContractDoc.Command update)
      throws Exception {
    return JSON.readTree(
        WireJson.text(cutover.update(update.name(), RawValue.class, WireJson.of(update.input()))));
  }

  private static JsonNode awaitStatus(WorkflowStub cutover, Predicate<JsonNode> condition)
      throws Exception {
    long giveUpAt = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      JsonNode status = JSON.readTree(WireJson.text(cutover.query("status", RawValue.class)));
      if (condition.test(status)) {
        return status;
      }
      if (System.nanoTime() > giveUpAt) {
        fail("the status never got there: " + status);
      }
      Thread.sleep(20);
    }
  }
}
