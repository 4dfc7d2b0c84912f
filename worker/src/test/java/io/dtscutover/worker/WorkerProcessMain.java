package io.dtscutover.worker;

import io.dtscutover.workflow.CutoverIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.Map;

/**
 * A worker in a process of its own, configured from its environment the way {@code cutover worker}
 * is ({@code TEMPORAL_ADDRESS}, DTS and freeze-target variables): what {@link WorkerProcess} starts
 * and kills. Prints {@link #READY} once it polls, then runs until the process dies.
 */
public final class WorkerProcessMain {
  /** The line printed once the worker polls. */
  static final String READY = "worker process polling";

  private WorkerProcessMain() {}

  public static void main(String[] args) throws InterruptedException {
    Map<String, String> env = System.getenv();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newConnectedServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(env.get("TEMPORAL_ADDRESS")).build(),
            Duration.ofSeconds(10));
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    CutoverWorker.start(client, CutoverIds.taskQueue(env), CutoverComponents.fromEnvironment(env));
    System.out.println(READY);
    System.out.flush();
    Thread.currentThread().join();
  }
}
