package io.dtscutover.worker;

import io.dtscutover.dts.DtsActivities;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.dtscutover.guard.FreezeGuardActivitiesImpl;
import io.dtscutover.notify.NotificationActivities;
import io.dtscutover.proof.MarkerActivities;
import io.dtscutover.worker.dts.DtsActivitiesImpl;
import io.dtscutover.worker.dts.DtsCallObserver;
import io.dtscutover.workflow.CutoverDataConverter;
import io.grpc.ClientInterceptor;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The worker process: polls the cutover task queue and runs the cutover workflow with the DTS and
 * write-freeze activities (whose restore heartbeats, see {@link HeartbeatingRestore}), and the
 * freeze guard with its claim activity. {@code cutover worker}, {@code cutover dev} and {@code
 * cutover demo} all run one.
 *
 * <p>It refuses to start on a server that lacks the cutover search attributes (see {@link
 * SearchAttributeCheck}): every cutover would otherwise retry its first workflow task forever.
 * Closing it stops polling and lets running activities finish for a short grace period; the
 * cutovers themselves are durable and resume on the next worker.
 */
public final class CutoverWorker implements AutoCloseable {
  /** The longest a heartbeat (and with it the latest lag reading) waits to reach the server. */
  static final Duration HEARTBEAT_THROTTLE = Duration.ofSeconds(5);

  /**
   * Zero turns sticky execution off: the worker never asks the server to route a cutover's next
   * workflow task, query or update to its own in-memory queue, so every task goes to the shared
   * task queue and any worker takes it, replaying the (short) history. With sticky execution on,
   * the embedded Java test server ({@code cutover server}, {@code cutover dev}) keeps sending a
   * killed worker's cutovers to that worker's queue forever: it ignores the sticky
   * schedule-to-start timeout and the reset on shutdown. A full server falls back after the
   * timeout, but one setting everywhere means the restart tests cover what every server runs;
   * docs/runbook.md has the cost.
   */
  static final Duration STICKY_OFF = Duration.ZERO;

  /** How long {@link #close} waits for in-flight tasks before giving up on them. */
  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

  private final WorkerFactory factory;
  private final WorkflowServiceStubs connection;
  private final String taskQueue;
  private final DtsActivities dts;

  private CutoverWorker(
      WorkerFactory factory, WorkflowServiceStubs connection, String taskQueue, DtsActivities dts) {
    this.factory = factory;
    this.connection = connection;
    this.taskQueue = taskQueue;
    this.dts = dts;
  }

  /**
   * What a worker runs: the workflow implementation types and the activity implementations.
   *
   * @param workflowImplementationTypes classes implementing {@code CutoverWorkflow}
   * @param notifications best-effort notifications; a {@link
   *     io.dtscutover.worker.notify.NotificationActivitiesImpl} without a webhook when none are set
   *     up
   * @param markerActivities the marker proof's activities ({@code --proof marker})
   * @param dtsObserver told how often the batched readers really read each region (metrics)
   */
  public record Components(
      List<Class<?>> workflowImplementationTypes,
      DtsActivities dtsActivities,
      WriteFreezeActivities freezeActivities,
      NotificationActivities notifications,
      MarkerActivities markerActivities,
      DtsCallObserver dtsObserver) {

    /** Components whose DTS pacing nobody observes. */
    public Components(
        List<Class<?>> workflowImplementationTypes,
        DtsActivities dtsActivities,
        WriteFreezeActivities freezeActivities,
        NotificationActivities notifications,
        MarkerActivities markerActivities) {
      this(
          workflowImplementationTypes,
          dtsActivities,
          freezeActivities,
          notifications,
          markerActivities,
          DtsCallObserver.NONE);
    }

    public Components {
      dtsObserver = dtsObserver == null ? DtsCallObserver.NONE : dtsObserver;
      workflowImplementationTypes = List.copyOf(workflowImplementationTypes);
      Objects.requireNonNull(dtsActivities, "dtsActivities");
      Objects.requireNonNull(freezeActivities, "freezeActivities");
      Objects.requireNonNull(notifications, "notifications");
      Objects.requireNonNull(markerActivities, "markerActivities");
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
    return start(client, taskQueue, components, new WorkerInterceptor[0]);
  }

  /**
   * Like {@link #start(WorkflowClient, String, Components)}, with {@code interceptors} around every
   * workflow and activity (log context, metrics).
   */
  public static CutoverWorker start(
      WorkflowClient client,
      String taskQueue,
      Components components,
      WorkerInterceptor... interceptors) {
    SearchAttributeCheck.requireRegistered(
        client.getWorkflowServiceStubs(), client.getOptions().getNamespace());
    // The worker's own connection, which watches how long its workflow tasks waited in the server.
    WorkflowTaskWaits waits = new WorkflowTaskWaits(Clock.systemUTC());
    WorkflowServiceStubs watched = watchedStubs(client.getWorkflowServiceStubs(), waits);
    // Whatever client it is given, the worker speaks the cutover's wire contract.
    WorkflowClient withContract =
        WorkflowClient.newInstance(
            watched,
            WorkflowClientOptions.newBuilder(client.getOptions())
                .setDataConverter(CutoverDataConverter.INSTANCE)
                .build());
    WorkerFactory factory =
        WorkerFactory.newInstance(
            withContract,
            WorkerFactoryOptions.newBuilder().setWorkerInterceptors(interceptors).build());
    Worker worker =
        factory.newWorker(
            taskQueue,
            WorkerOptions.newBuilder()
                // An await activity heartbeats each DTS reading; people watching (cutover watch,
                // the Web UI) should see a reading seconds old, not the SDK's default 0.8 x the
                // heartbeat timeout.
                .setMaxHeartbeatThrottleInterval(HEARTBEAT_THROTTLE)
                // Sticky execution off: see STICKY_OFF.
                .setStickyQueueScheduleToStartTimeout(STICKY_OFF)
                .build());
    if (components.dtsActivities() instanceof DtsActivitiesImpl dts) {
      // Waits are read in batches and completed asynchronously: none holds an activity slot.
      dts.readInBatches(
          withContract.newActivityCompletionClient(), components.dtsObserver(), waits::behind);
    }
    worker.registerWorkflowImplementationTypes(
        components.workflowImplementationTypes().toArray(Class<?>[]::new));
    // The freeze guard's claim needs the client, which only exists here.
    worker.registerActivitiesImplementations(
        components.dtsActivities(),
        // A restore heartbeats as often as heartbeats are sent: a dead worker's restore moves to a
        // live worker after the restore's heartbeat timeout, not its start-to-close timeout.
        new HeartbeatingRestore(components.freezeActivities(), HEARTBEAT_THROTTLE),
        components.notifications(),
        components.markerActivities(),
        new FreezeGuardActivitiesImpl(client));
    factory.start();
    return new CutoverWorker(factory, watched, taskQueue, components.dtsActivities());
  }

  /** A connection like {@code stubs}' (same server, TLS, credentials) that tells {@code waits}. */
  private static WorkflowServiceStubs watchedStubs(
      WorkflowServiceStubs stubs, WorkflowTaskWaits waits) {
    WorkflowServiceStubsOptions options = stubs.getOptions();
    List<ClientInterceptor> interceptors = new ArrayList<>();
    if (options.getGrpcClientInterceptors() != null) {
      interceptors.addAll(options.getGrpcClientInterceptors());
    }
    interceptors.add(waits);
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder(options)
            .setGrpcClientInterceptors(interceptors)
            .build());
  }

  /** True while the worker polls: started and not shut down ({@code /healthz}). */
  public boolean isPolling() {
    return factory.isStarted() && !factory.isShutdown() && !factory.isTerminated();
  }

  /** The task queue this worker polls. */
  public String taskQueue() {
    return taskQueue;
  }

  /**
   * Stops polling and gives in-flight tasks {@link #SHUTDOWN_GRACE} to finish, then interrupts
   * them. An interrupted activity is retried by the next worker; every activity is idempotent.
   */
  @Override
  public void close() {
    close(SHUTDOWN_GRACE);
  }

  /** Like {@link #close()} with another grace period; zero interrupts in-flight tasks at once. */
  public void close(Duration grace) {
    if (dts instanceof DtsActivitiesImpl batched) {
      batched.stopReading();
    }
    factory.shutdown();
    if (!grace.isZero()) {
      factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
    }
    if (!factory.isTerminated()) {
      factory.shutdownNow();
      factory.awaitTermination(2, TimeUnit.SECONDS);
    }
    connection.shutdownNow();
  }
}
