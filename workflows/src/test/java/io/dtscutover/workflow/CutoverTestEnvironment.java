package io.dtscutover.workflow;

import static org.junit.jupiter.api.Assertions.fail;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.guard.FreezeGuardActivities;
import io.dtscutover.guard.FreezeGuardActivitiesImpl;
import io.dtscutover.guard.FreezeGuardWorkflowImpl;
import io.dtscutover.notify.NotificationActivities;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The test server with the cutover workflow and its search attributes, and ways to drive it. The
 * one test-server setup of every module's tests (shared through the workflows test-jar).
 */
public final class CutoverTestEnvironment {
  /** Upper bound for a condition that should hold within moments (real databases included). */
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  /** Every workflow the worker runs. */
  public static final Class<?>[] WORKFLOW_IMPLEMENTATIONS = {
    CutoverWorkflowImpl.class,
    ScheduledCutoverWorkflowImpl.class,
    FreezeGuardWorkflowImpl.class,
    io.dtscutover.wave.WaveWorkflowImpl.class,
    io.dtscutover.wave.ScheduledWaveWorkflowImpl.class
  };

  private CutoverTestEnvironment() {}

  /** A time-skipping test server; each test registers its fakes, then starts the worker. */
  public static TestWorkflowExtension extension() {
    return extension(new WorkerInterceptor[0]);
  }

  /** Like {@link #extension()}, with {@code interceptors} around every workflow and activity. */
  public static TestWorkflowExtension extension(WorkerInterceptor... interceptors) {
    return builder(interceptors).build();
  }

  /**
   * Like {@link #extension()}, with sticky execution off as the real worker runs: the test server
   * keeps sending a stopped worker's workflow tasks to its sticky queue, so a test that restarts
   * the worker needs it off.
   */
  public static TestWorkflowExtension extensionForRestarts() {
    return builder()
        .setWorkerOptions(
            io.temporal.worker.WorkerOptions.newBuilder()
                .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                .build())
        .build();
  }

  /**
   * Like {@link #extension()}, for replaying recorded histories: a workflow task may take up to 10
   * s before the SDK calls it a deadlock, because the first replay in a JVM loads the SDK's state
   * machine classes inside the workflow thread, which took over the default 1 s on a loaded
   * machine. Replays check determinism, not deadlocks.
   */
  public static TestWorkflowExtension extensionForReplay() {
    return builder()
        .setWorkerOptions(
            io.temporal.worker.WorkerOptions.newBuilder()
                .setDefaultDeadlockDetectionTimeout(Duration.ofSeconds(10).toMillis())
                .build())
        .build();
  }

  private static TestWorkflowExtension.Builder builder(WorkerInterceptor... interceptors) {
    TestWorkflowExtension.Builder builder =
        TestWorkflowExtension.newBuilder()
            .setWorkerFactoryOptions(workerFactoryOptions(interceptors))
            .registerWorkflowImplementationTypes(WORKFLOW_IMPLEMENTATIONS)
            .setWorkflowClientOptions(clientOptions())
            .setDoNotStart(true);
    for (var key : CutoverSearchAttributes.ALL) {
      builder.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return builder;
  }

  /**
   * For a test that builds its own {@code TestWorkflowEnvironment}: {@code options} with the
   * cutover's search attributes, its data converter and {@code interceptors} around every workflow
   * and activity, as {@link #extension(WorkerInterceptor...)} sets them.
   */
  public static TestEnvironmentOptions.Builder options(
      TestEnvironmentOptions.Builder options, WorkerInterceptor... interceptors) {
    for (var key : CutoverSearchAttributes.ALL) {
      options.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return options
        .setWorkerFactoryOptions(workerFactoryOptions(interceptors))
        .setWorkflowClientOptions(clientOptions());
  }

  private static WorkerFactoryOptions workerFactoryOptions(WorkerInterceptor... interceptors) {
    return WorkerFactoryOptions.newBuilder().setWorkerInterceptors(interceptors).build();
  }

  private static WorkflowClientOptions clientOptions() {
    return WorkflowClientOptions.newBuilder()
        .setDataConverter(CutoverDataConverter.INSTANCE)
        .build();
  }

  /**
   * Options for a worker a test creates itself: a running activity's throttled heartbeat goes out
   * within a second. Closing an environment waits up to five seconds for the heartbeat a polling
   * activity still has pending (throttled to 80% of its heartbeat timeout, i.e. 16 s for a wait),
   * so a test whose cutover ended while a wait was still polling would otherwise pay five seconds.
   */
  public static io.temporal.worker.WorkerOptions workerOptions() {
    return io.temporal.worker.WorkerOptions.newBuilder()
        .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(1))
        .build();
  }

  /** A valid request: MySQL read-only freeze, no approvals, short polls. */
  public static CutoverRequest.Builder request() {
    return CutoverRequest.builder(Snapshots.JOB, Snapshots.REGION)
        .freeze(FreezeStrategy.MYSQL_READ_ONLY, "orders-db")
        .pollInterval(Duration.ofSeconds(1))
        .approval(ApprovalPolicy.noApprovals())
        .requestedBy("alice");
  }

  /** Approval required at {@code gates}, decided by anyone but the requester. */
  public static ApprovalPolicy approvalAt(Gate... gates) {
    return new ApprovalPolicy(
        Set.of(gates), List.of(), true, Duration.ofHours(1), Map.of(), Set.of());
  }

  /**
   * Registers the fakes (and a recording notifier, and the real freeze guard claim, unless given)
   * and starts the worker.
   */
  public static void registerAndStart(
      io.temporal.testing.TestWorkflowEnvironment env, Worker worker, Object... activities) {
    worker.registerActivitiesImplementations(activities);
    if (Arrays.stream(activities).noneMatch(a -> a instanceof NotificationActivities)) {
      worker.registerActivitiesImplementations(new RecordingNotifications());
    }
    if (Arrays.stream(activities).noneMatch(a -> a instanceof FreezeGuardActivities)) {
      worker.registerActivitiesImplementations(
          new FreezeGuardActivitiesImpl(env.getWorkflowClient()));
    }
    env.start();
  }

  /** Starts the cutover and returns a typed handle to it. */
  public static CutoverWorkflow start(
      WorkflowClient client, Worker worker, CutoverRequest request) {
    CutoverWorkflow workflow =
        client.newWorkflowStub(
            CutoverWorkflow.class,
            CutoverWorkflowOptions.forRequest(request, worker.getTaskQueue()).build());
    WorkflowClient.start(workflow::run, request);
    return workflow;
  }

  /** Blocks (letting the test server skip time) until the cutover ends. */
  public static CutoverReport result(CutoverWorkflow workflow) {
    return WorkflowStub.fromTyped(workflow).getResult(CutoverReport.class);
  }

  /** Waits until the cutover's status satisfies {@code condition}. */
  public static CutoverStatus awaitStatus(
      CutoverWorkflow workflow, String what, Predicate<CutoverStatus> condition) {
    long giveUpAt = System.nanoTime() + PATIENCE.toNanos();
    CutoverStatus status = workflow.status();
    while (!condition.test(status)) {
      if (System.nanoTime() > giveUpAt) {
        fail("timed out waiting for " + what + "; last status: " + status);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted waiting for " + what);
      }
      status = workflow.status();
    }
    return status;
  }

  /** Waits until {@code gate} waits for a decision. */
  static CutoverStatus awaitGate(CutoverWorkflow workflow, Gate gate) {
    return awaitStatus(workflow, "the " + gate.cliName() + " gate", s -> s.pendingGate() == gate);
  }

  /** When the first timeline entry starting with {@code prefix} happened, in workflow time. */
  static Instant timelineAt(CutoverReport report, String prefix) {
    return report.timeline().stream()
        .filter(e -> e.event().startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + prefix + "' in " + report.timeline()))
        .at();
  }

  /** The ActivityTaskScheduled events of {@code activityType}, in order. */
  static List<HistoryEvent> scheduled(List<HistoryEvent> history, String activityType) {
    return history.stream()
        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(
            e ->
                e.getActivityTaskScheduledEventAttributes()
                    .getActivityType()
                    .getName()
                    .equals(activityType))
        .toList();
  }
}
