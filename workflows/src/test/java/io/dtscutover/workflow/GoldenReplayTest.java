package io.dtscutover.workflow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guards determinism across deploys: every committed golden history (recorded by {@link
 * GoldenHistoryRecording}) must replay against today's workflow code. A change to a shape's command
 * sequence must go behind {@code Workflow.getVersion}, or this test fails.
 */
class GoldenReplayTest {
  @RegisterExtension
  final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extensionForReplay();

  @ParameterizedTest
  @EnumSource(GoldenShape.class)
  void everyRecordedShapeReplays(GoldenShape shape, Worker worker) throws Exception {
    List<WorkflowExecutionHistory> histories = recorded(shape);
    assertFalse(histories.isEmpty(), "no golden history for " + shape);
    for (WorkflowExecutionHistory history : histories) {
      WorkflowReplayer.replayWorkflowExecution(history, worker);
    }
  }

  /** The proof that the replay catches a change: one activity scheduled out of order fails it. */
  @Test
  void anActivityScheduledOutOfOrderFailsTheReplay(WorkflowClient client) throws Exception {
    WorkerFactory factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(new VerifyBeforeFreeze())
                .build());
    Worker reordered = factory.newWorker("golden-reordered");
    reordered.registerWorkflowImplementationTypes(CutoverTestEnvironment.WORKFLOW_IMPLEMENTATIONS);
    WorkflowExecutionHistory happyPath = recorded(GoldenShape.INCREMENTAL_WITH_GATES).get(0);

    assertThrows(
        RuntimeException.class,
        () -> WorkflowReplayer.replayWorkflowExecution(happyPath, reordered));
  }

  /** The shape's recorded histories, each with the workflow id it ran under. */
  private static List<WorkflowExecutionHistory> recorded(GoldenShape shape) throws IOException {
    String ids = read(shape.idsResource());
    List<WorkflowExecutionHistory> histories = new ArrayList<>();
    if (ids == null) {
      return histories;
    }
    List<String> workflowIds = ids.lines().filter(line -> !line.isBlank()).toList();
    for (int i = 0; i < workflowIds.size(); i++) {
      String json = read(shape.resource(i));
      assertNotNull(json, "missing " + shape.resource(i));
      histories.add(WorkflowExecutionHistory.fromJson(json, workflowIds.get(i)));
    }
    return histories;
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = GoldenReplayTest.class.getClassLoader().getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Sends the workflow's "Verify" activity just before its "Freeze": a reordered runbook. */
  private static final class VerifyBeforeFreeze extends WorkerInterceptorBase {
    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
      return new WorkflowInboundCallsInterceptorBase(next) {
        @Override
        public void init(WorkflowOutboundCallsInterceptor outbound) {
          super.init(
              new WorkflowOutboundCallsInterceptorBase(outbound) {
                @Override
                public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
                  if (input.getActivityName().equals("Freeze")) {
                    super.executeActivity(
                            new ActivityInput<>(
                                "Verify",
                                Object.class,
                                Object.class,
                                input.getArgs(),
                                input.getOptions(),
                                input.getHeader()))
                        .getResult()
                        .get();
                  }
                  return super.executeActivity(input);
                }
              });
        }
      };
    }
  }
}
