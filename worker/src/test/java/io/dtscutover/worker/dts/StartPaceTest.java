package io.dtscutover.worker.dts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A worker starts cutovers (their preflight readings) no faster than {@link
 * DtsClient#startsPerSecond}, across regions: six cutovers in six regions at two a second. Calls
 * are counted while the pace's clock stands still; nothing is timed.
 */
class StartPaceTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicInteger describes = new AtomicInteger();

  @Test
  void startsInManyRegionsShareTheWorkersPace() throws Exception {
    ManualRateClock rateClock = new ManualRateClock();
    DtsActivitiesImpl activities = new DtsActivitiesImpl(client(2)).paceStarts(rateClock);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<JobSnapshot>> readings = new ArrayList<>();
      for (int region = 1; region <= 6; region++) {
        JobRef job = JobRef.of("region-" + region, "job" + region);
        readings.add(pool.submit(() -> activities.describeJob(job)));
      }

      // a start counts until a window after its answer: let the answers in before time moves
      waitUntil(() -> describes.get() == 2 && rateClock.sleepers() == 1);
      assertEquals(2, describes.get(), "two starts a second, whatever the regions");

      rateClock.advanceNanos(SECOND);
      waitUntil(() -> describes.get() == 4 && rateClock.sleepers() == 1);
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
