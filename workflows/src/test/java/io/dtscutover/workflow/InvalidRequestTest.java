package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.RawValue;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request that cannot be read or is invalid ends the workflow FAILED in its first workflow task,
 * with the stable type {@code InvalidCutoverRequest} and a message naming the field: never a
 * workflow task that fails again and again, and nothing touched.
 */
class InvalidRequestTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("\"freezeStrategy\":\"nope\"", "freezeStrategy", "mysql-read-only"),
        Arguments.of("\"quietWindow\":\"ten\"", "quietWindow", "5m"),
        Arguments.of(
            "\"approval\":{\"requireApproval\":[\"frieze\"]}",
            "approval.requireApproval",
            "freeze, stop, delete"),
        Arguments.of("\"color\":\"blue\"", "color", "unknown field"),
        Arguments.of("\"quietWindow\":\"-1s\"", "quietWindow", "ISO-8601"),
        Arguments.of("\"maxFreeze\":\"1m\"", "maxFreeze", "longer than the quiet window"),
        // A deadline no clock can reach: refused, never a workflow task failing on a timer.
        Arguments.of(
            "\"approval\":{\"gateDeadline\":\"999999999999d\"}",
            "approval.gateDeadline",
            "at most 365 days"),
        Arguments.of("\"maxFreeze\":\"999999999999d\"", "maxFreeze", "at most 365 days"),
        Arguments.of(
            "\"approval\":{\"requireApproval\":[\"freeze\"],\"autoApprove\":[\"stop\"]}",
            "approval.autoApprove",
            "auto-approves stop"),
        Arguments.of(
            "\"requestedBy\":\"mallory\\nstop gate approved\"",
            "requestedBy",
            "\"mallory\\nstop gate approved\""));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void failsInItsFirstWorkflowTaskNamingTheField(
      String field,
      String named,
      String accepted,
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.incremental(0));
    FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
    registerAndStart(env, worker, dts, source);
    WorkflowStub cutover =
        client.newUntypedWorkflowStub(
            "CutoverWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId("cutover-cn-hangzhou-dtsjob01")
                .setTaskQueue(worker.getTaskQueue())
                .build());

    cutover.start(
        WireJson.of(
            "{\"jobId\":\"dtsjob01\",\"regionId\":\"cn-hangzhou\",\"requestedBy\":\"alice\","
                + field
                + "}"));
    WorkflowFailedException failed =
        assertThrows(
            WorkflowFailedException.class,
            // Bounded: a request that wedges its workflow task must fail this test, not hang it.
            () -> cutover.getResult(30, TimeUnit.SECONDS, RawValue.class));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failed.getCause());
    assertEquals(CutoverFailures.INVALID_REQUEST, cause.getType());
    assertTrue(cause.getOriginalMessage().contains(named + ": "), cause.getOriginalMessage());
    assertTrue(cause.getOriginalMessage().contains(accepted), cause.getOriginalMessage());
    assertTrue(cause.getOriginalMessage().lines().count() == 1, "one line, input quoted");
    List<EventType> events =
        client.fetchHistory("cutover-cn-hangzhou-dtsjob01").getEvents().stream()
            .map(HistoryEvent::getEventType)
            .toList();
    assertEquals(
        1,
        events.stream().filter(e -> e == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED).count(),
        events.toString());
    assertTrue(!events.contains(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED), events.toString());
    assertTrue(!events.contains(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED), events.toString());
    assertEquals(List.of(), dts.calls, "DTS untouched");
    assertEquals(List.of(), source.calls, "source untouched");
  }
}
