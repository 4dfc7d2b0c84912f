package io.dtscutover.worker.dts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dtscutover.dts.DtsActivities;
import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.Priority;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A worker starts cutovers (their preflight readings) no faster than {@link
 * DtsClient#startsPerSecond}, across regions: six cutovers in six regions at two a second; and a
 * start yields while the worker is behind on its cutovers' steps, ten seconds at most ({@link
 * StartPace}). Calls are counted while the pace's clock stands still; nothing is timed.
 */
class StartPaceTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicInteger describes = new AtomicInteger();

  @Test
  void startsInManyRegionsShareTheWorkersPace() throws Exception {
    ManualRateClock rateClock = new ManualRateClock();
    StartPace pace = new StartPace(2, () -> false, rateClock);
    DtsActivitiesImpl activities = new DtsActivitiesImpl(client(2)).paceStarts(pace);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<JobSnapshot>> readings = new ArrayList<>();
      for (int region = 1; region <= 6; region++) {
        JobRef job = JobRef.of("region-" + region, "job" + region);
        readings.add(pool.submit(() -> activities.describeJob(job)));
      }

      // a start counts until a window after its answer: let the answers in before time moves
      waitUntil(() -> describes.get() == 2 && pace.inFlight() == 0 && rateClock.sleepers() == 1);
      assertEquals(2, describes.get(), "two starts a second, whatever the regions");

      rateClock.advanceNanos(SECOND);
      waitUntil(() -> describes.get() == 4 && pace.inFlight() == 0 && rateClock.sleepers() == 1);
      assertEquals(4, describes.get());

      rateClock.advanceNanos(SECOND);
      for (Future<JobSnapshot> reading : readings) {
        assertEquals(JobStatus.MIGRATING, reading.get().status());
      }
      assertEquals(6, describes.get());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStartYieldsWhileTheWorkerIsBehind() throws Exception {
    ManualRateClock rateClock = new ManualRateClock();
    AtomicBoolean behind = new AtomicBoolean(true);
    StartPace pace = new StartPace(Double.POSITIVE_INFINITY, behind::get, rateClock);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> start = pool.submit(() -> startThrough(pace));

      waitUntil(() -> rateClock.sleeps() == 1 && rateClock.sleepers() == 1);
      rateClock.advanceNanos(StartPace.RECHECK.toNanos());
      waitUntil(() -> rateClock.sleeps() == 2 && rateClock.sleepers() == 1);
      assertFalse(start.isDone(), "still behind: the start still yields");

      behind.set(false); // the worker caught up
      rateClock.advanceNanos(StartPace.RECHECK.toNanos());
      start.get(30, TimeUnit.SECONDS);
      assertEquals(2, rateClock.sleeps(), "it went at its next look");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aStartYieldsForTenSecondsAtMost() throws Exception {
    ManualRateClock rateClock = new ManualRateClock();
    StartPace pace = new StartPace(Double.POSITIVE_INFINITY, () -> true, rateClock);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> start = pool.submit(() -> startThrough(pace));

      waitUntil(() -> rateClock.sleeps() == 1 && rateClock.sleepers() == 1);
      rateClock.advanceNanos(StartPace.MAX_YIELD.minus(StartPace.RECHECK).toNanos());
      waitUntil(() -> rateClock.sleeps() == 2 && rateClock.sleepers() == 1);
      assertFalse(start.isDone(), "not yet ten seconds");

      rateClock.advanceNanos(StartPace.RECHECK.toNanos());
      start.get(30, TimeUnit.SECONDS); // a signal that never clears holds starts back no longer
      assertEquals(2, rateClock.sleeps());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Reads one task with the priority key the workflow gives it, as a cutover's workflow does. */
  @WorkflowInterface
  public interface ReadingWorkflow {
    @WorkflowMethod
    JobStatus read(String jobId, int priorityKey);
  }

  /** The workflow of this test: one {@code describeJob}, urgent or not. */
  public static final class ReadingWorkflowImpl implements ReadingWorkflow {
    @Override
    public JobStatus read(String jobId, int priorityKey) {
      return Workflow.newActivityStub(
              DtsActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofSeconds(30))
                  .setPriority(Priority.newBuilder().setPriorityKey(priorityKey).build())
                  .build())
          .describeJob(JobRef.of("cn-hangzhou", jobId))
          .status();
    }
  }

  /**
   * The reading right before a stop (priority key 1, set by the workflow and carried by the
   * Temporal server into the activity) never waits for the start pace, even while starts yield for
   * good: a late finish waiting for its own final reading behind the starts that yield to it would
   * never end. On the Temporal test server, whose activity tasks carry their priority.
   */
  @Test
  void theReadingBeforeTheStopNeverWaitsForThePace() throws Exception {
    ManualRateClock standingStill = new ManualRateClock();
    DtsActivitiesImpl activities =
        new DtsActivitiesImpl(client(Double.POSITIVE_INFINITY))
            .paceStarts(new StartPace(Double.POSITIVE_INFINITY, () -> true, standingStill));
    try (TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance()) {
      Worker worker = temporal.newWorker("start-pace");
      worker.registerWorkflowImplementationTypes(ReadingWorkflowImpl.class);
      worker.registerActivitiesImplementations(activities);
      temporal.start();
      WorkflowOptions options =
          WorkflowOptions.newBuilder()
              .setTaskQueue("start-pace")
              .setWorkflowExecutionTimeout(Duration.ofMinutes(1)) // a reading held fails the test
              .build();
      ReadingWorkflow preflight =
          temporal.getWorkflowClient().newWorkflowStub(ReadingWorkflow.class, options);
      WorkflowClient.start(preflight::read, "preflight", 3);
      waitUntil(() -> standingStill.sleepers() == 1); // the preflight yields, and will go on

      ReadingWorkflow finalReading =
          temporal.getWorkflowClient().newWorkflowStub(ReadingWorkflow.class, options);
      assertEquals(
          JobStatus.MIGRATING,
          finalReading.read("final", DtsActivitiesImpl.URGENT_PRIORITY_KEY),
          "the urgent reading went past the yielding start");
      assertEquals(1, describes.get(), "only the urgent reading reached DTS");
      assertEquals(1, standingStill.sleepers(), "the preflight still yields");
    }
  }

  private static Void startThrough(StartPace pace) throws InterruptedException {
    DtsRateLimiter.Permit permit = pace.acquire();
    assertNull(permit, "no ceiling, no permit to close");
    return null;
  }

  /**
   * Answers every task as migrating and caught up, without a full load; counts the task readings.
   */
  private DtsClient client(double startsPerSecond) {
    return new DtsClient() {
      @Override
      public JobSnapshot describe(JobRef job) {
        describes.incrementAndGet();
        return new JobSnapshot(
            job,
            job.jobId(),
            JobStatus.MIGRATING,
            "Migrating",
            false,
            true,
            IncrementalStatus.CATCHED,
            "Catched",
            FullLoadStatus.ABSENT,
            null,
            0L,
            "PostPaid",
            null,
            "req-" + job.jobId(),
            Instant.EPOCH);
      }

      @Override
      public double startsPerSecond() {
        return startsPerSecond;
      }

      @Override
      public JobPage listJobs(String regionId, String jobType, int pageNumber, int size) {
        throw new AssertionError("not read here");
      }

      @Override
      public FullLoadReading describeFullLoad(JobRef job) {
        return new FullLoadReading("", "req-full-" + job.jobId());
      }

      @Override
      public DtsCallResult stop(JobRef job) {
        throw new AssertionError("not called here");
      }

      @Override
      public DtsCallResult delete(JobRef job) {
        throw new AssertionError("not called here");
      }

      @Override
      public VerificationState describeVerification(JobRef job, VerificationMode mode) {
        throw new AssertionError("not called here");
      }
    };
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the condition never held");
      }
      Thread.sleep(10);
    }
  }
}
