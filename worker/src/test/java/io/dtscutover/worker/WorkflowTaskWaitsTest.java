package io.dtscutover.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.simulator.ManualClock;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link WorkflowTaskWaits}: the server is behind while a workflow task taken in the last few
 * seconds had waited more than a second in its queue; read from real poll answers of the Temporal
 * test server, whose clock the test moves while no worker polls.
 */
class WorkflowTaskWaitsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(T0);
  private final WorkflowTaskWaits waits = new WorkflowTaskWaits(clock);

  /** A workflow with one workflow task. */
  @WorkflowInterface
  public interface OneTaskWorkflow {
    @WorkflowMethod
    String run();
  }

  /** Ends in its first workflow task. */
  public static final class OneTaskWorkflowImpl implements OneTaskWorkflow {
    @Override
    public String run() {
      return "done";
    }
  }

  @Test
  void aTaskThatWaitedMoreThanASecondShowsTheServerBehindForThreeSeconds() {
    waits.taken(T0, T0.plus(WorkflowTaskWaits.BEHIND));
    assertFalse(waits.behind(), "a second in the queue is not behind yet");

    waits.taken(T0, T0.plus(WorkflowTaskWaits.BEHIND).plusMillis(1));
    assertTrue(waits.behind());

    clock.advance(WorkflowTaskWaits.MEMORY.minusMillis(1));
    assertTrue(waits.behind(), "still within the memory of the late task");
    clock.advance(Duration.ofMillis(1));
    assertFalse(waits.behind(), "no late task for three seconds: the server keeps up");
  }

  @Test
  void aTaskLeftInTheServersQueueIsSeenLateWhenTheWorkerTakesIt() {
    try (TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance()) {
      WorkflowClient plain = temporal.getWorkflowClient();
      OneTaskWorkflow queued =
          plain.newWorkflowStub(
              OneTaskWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue("waits").setWorkflowId("queued").build());
      WorkflowClient.start(queued::run);
      temporal.sleep(Duration.ofSeconds(5)); // the server's clock moves; nobody polls

      WorkflowServiceStubs watched =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder(
                      temporal.getWorkflowServiceStubs().getOptions())
                  .setGrpcClientInterceptors(List.of(waits))
                  .build());
      try {
        WorkerFactory factory =
            WorkerFactory.newInstance(
                WorkflowClient.newInstance(
                    watched,
                    WorkflowClientOptions.newBuilder()
                        .setNamespace(temporal.getNamespace())
                        .build()));
        factory.newWorker("waits").registerWorkflowImplementationTypes(OneTaskWorkflowImpl.class);
        assertFalse(waits.behind(), "nothing taken yet");
        factory.start();

        assertEquals("done", plain.newUntypedWorkflowStub("queued").getResult(String.class));
        assertTrue(waits.behind(), "its first workflow task waited 5 s in the server's queue");

        clock.advance(WorkflowTaskWaits.MEMORY);
        OneTaskWorkflow prompt =
            plain.newWorkflowStub(
                OneTaskWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue("waits").setWorkflowId("prompt").build());
        assertEquals("done", prompt.run());
        assertFalse(waits.behind(), "taken as soon as it was scheduled");
        factory.shutdownNow();
      } finally {
        watched.shutdownNow();
      }
    }
  }
}
