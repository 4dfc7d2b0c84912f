package io.dtscutover.worker.dts;

import static io.dtscutover.worker.dts.SimulatedDts.ACCESS_KEY_ID;
import static io.dtscutover.worker.dts.SimulatedDts.REGION;
import static io.dtscutover.worker.dts.SimulatedDts.SECRET;
import static io.dtscutover.worker.dts.SimulatedDts.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.DtsActivities;
import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.simulator.FaultKind;
import io.dtscutover.simulator.FaultSpec;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.simulator.SimCall;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code stopJob} that Temporal retries (attempt 2) reads the task before it sends anything:
 * unlike the first attempt, nothing was read just before it, and the first attempt may have stopped
 * the task. Runs on the Temporal test server, which retries activities, over the real SDK and the
 * simulator.
 */
class RetriedStopTest {
  private static final String TASK_QUEUE = "retried-stop";

  private TestWorkflowEnvironment temporal;
  private SimulatedDts dts;

  /** Stops one task with two attempts of {@code stopJob}. */
  @WorkflowInterface
  public interface StopWorkflow {
    @WorkflowMethod
    DtsCallResult stop(String jobId);
  }

  /** The workflow of this test: one {@code stopJob} that Temporal may retry once. */
  public static final class StopWorkflowImpl implements StopWorkflow {
    @Override
    public DtsCallResult stop(String jobId) {
      return Workflow.newActivityStub(
              DtsActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  .setRetryOptions(
                      RetryOptions.newBuilder()
                          .setInitialInterval(Duration.ofMillis(100))
                          .setMaximumAttempts(2)
                          .build())
                  .build())
          .stopJob(job(jobId));
    }
  }

  @AfterEach
  void tearDown() {
    if (temporal != null) {
      temporal.close();
    }
    if (dts != null) {
      dts.close();
    }
  }

  @Test
  void aRetriedStopReadsFirstAndSendsNoSecondStop() {
    // The first attempt's StopDtsJob takes effect, but its answer is lost (read timeout).
    dts =
        new SimulatedDts(
            Scenario.of(
                    ACCESS_KEY_ID,
                    SECRET,
                    JobSpec.incremental("job1", REGION)
                        .withStopDelayMillis(60_000)
                        .withStoppingStatus("Stopping"))
                .withFault(
                    new FaultSpec(
                        FaultKind.LOST_ANSWER, "StopDtsJob", null, 1, null, null, null, 1500L)));
    Map<String, String> env = dts.env();
    env.put(DtsSettings.READ_TIMEOUT, "500");
    temporal = TestWorkflowEnvironment.newInstance();
    Worker worker = temporal.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(StopWorkflowImpl.class);
    worker.registerActivitiesImplementations(new DtsActivitiesImpl(dts.client(env), dts.clock));
    temporal.start();

    DtsCallResult stop =
        temporal
            .getWorkflowClient()
            .newWorkflowStub(
                StopWorkflow.class,
                io.temporal.client.WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).build())
            .stop("job1");

    assertTrue(stop.alreadyDone(), "attempt 2 read Stopping and did not stop again");
    assertEquals(
        List.of("StopDtsJob", "DescribeDtsJobDetail"),
        dts.simulator.calls().stream().map(SimCall::action).toList(),
        "attempt 1 sent the stop without a reading; attempt 2 read first");
  }
}
