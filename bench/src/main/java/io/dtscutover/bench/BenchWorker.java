package io.dtscutover.bench;

import io.dtscutover.worker.CutoverComponents;
import io.dtscutover.worker.CutoverWorker;
import io.dtscutover.worker.metrics.WorkerMetrics;
import io.dtscutover.workflow.CutoverDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker process of a benchmark run: the same components {@code cutover worker} runs (DTS
 * settings from the environment, metrics recorded), plus the {@link TimerLoopWorkflow} baseline.
 * Its own process, so its CPU time and resident memory are measured alone. Arguments: the Temporal
 * address and the task queue. Prints {@code READY} once polling, and runs until stdin closes.
 */
public final class BenchWorker {
  private BenchWorker() {}

  public static void main(String[] args) throws Exception {
    String address = args[0];
    String taskQueue = args[1];
    WorkerMetrics metrics = WorkerMetrics.create();
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newConnectedServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build(),
            Duration.ofSeconds(10));
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs,
            WorkflowClientOptions.newBuilder()
                .setNamespace("default")
                .setDataConverter(CutoverDataConverter.INSTANCE)
                .build());
    CutoverWorker.Components cutover =
        CutoverComponents.fromEnvironment(System.getenv(), metrics.dtsCalls());
    List<Class<?>> types = new ArrayList<>(cutover.workflowImplementationTypes());
    types.add(TimerLoopWorkflowImpl.class);
    CutoverWorker worker =
        CutoverWorker.start(
            client,
            taskQueue,
            new CutoverWorker.Components(
                types,
                cutover.dtsActivities(),
                cutover.freezeActivities(),
                cutover.notifications(),
                cutover.markerActivities(),
                cutover.dtsObserver()));
    System.out.println("READY");
    System.out.flush();
    while (System.in.read() >= 0) {
      // runs until the benchmark closes stdin
    }
    worker.close(Duration.ZERO);
    stubs.shutdownNow();
  }
}
