package io.dtscutover.worker;

import io.dtscutover.dts.DtsActivities;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The worker process: polls the cutover task queue and runs the cutover workflow with the DTS and
 * write-freeze activities. {@code cutover worker}, {@code cutover dev} and {@code cutover demo} all
 * run one.
 *
 * <p>It refuses to start on a server that lacks the cutover search attributes (see {@link
 * SearchAttributeCheck}): every cutover would otherwise retry its first workflow task forever.
 * Closing it stops polling and lets running activities finish for a short grace period; the
 * cutovers themselves are durable and resume on the next worker.
 */
public final class CutoverWorker implements AutoCloseable {

  /** How long {@link #close} waits for in-flight tasks before giving up on them. */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private final WorkerFactory factory;
  private final String taskQueue;

  private CutoverWorker(WorkerFactory factory, String taskQueue) {
    this.factory = factory;
    this.taskQueue = taskQueue;
  }

  /**
   * What a worker runs: the workflow implementation types and the activity implementations.
   *
   * @param workflowImplementationTypes classes implementing {@code CutoverWorkflow}
   */
  public record Components(
      List<Class<?>> workflowImplementationTypes,
      DtsActivities dtsActivities,
      WriteFreezeActivities freezeActivities) {
    public Components {
      workflowImplementationTypes = List.copyOf(workflowImplementationTypes);
      Objects.requireNonNull(dtsActivities, "dtsActivities");
      Objects.requireNonNull(freezeActivities, "freezeActivities");
    }
  }

  /**
   * Checks the server's search attributes, registers {@code components} on {@code taskQueue} and
   * starts polling.
   *
   * @throws MissingSearchAttributesException when the server lacks a cutover search attribute; its
   *     message holds the commands that create them
   */
  public static CutoverWorker start(
      WorkflowClient client, String taskQueue, Components components) {
    SearchAttributeCheck.requireRegistered(
        client.getWorkflowServiceStubs(), client.getOptions().getNamespace());
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(
        components.workflowImplementationTypes().toArray(Class<?>[]::new));
    worker.registerActivitiesImplementations(
        components.dtsActivities(), components.freezeActivities());
    factory.start();
    return new CutoverWorker(factory, taskQueue);
  }

  /** The task queue this worker polls. */
  public String taskQueue() {
    return taskQueue;
  }

  /** Stops polling and waits briefly for in-flight tasks. */
  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(SHUTDOWN_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }
}
