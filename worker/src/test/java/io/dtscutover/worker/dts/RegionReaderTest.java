package io.dtscutover.worker.dts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.AwaitResult;
import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.dts.WaitCondition;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCompletionClient;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The batched reader's quiet window under a busy limiter, on fake time: the real {@link
 * DtsRateLimiter} (1 call/s) and the real {@link RegionReader}, over a DTS whose region lists two
 * watched tasks on two pages. Time moves only when the limiter makes a call wait, so a wait of a
 * minute behind other calls takes no real time. A reading that came late because the reader was
 * blocked in the limiter is not unwatched time; a failed reading, or time the reader lost outside
 * any DTS call, still restarts the hold.
 */
class RegionReaderTest {
  private static final String REGION = "cn-hangzhou";
  private static final JobRef FIRST = JobRef.of(REGION, "dtsFirst01");
  private static final JobRef SECOND = JobRef.of(REGION, "dtsSecond01");
  private static final Duration HOLD = Duration.ofSeconds(60);

  /** Longer than any gap the read interval tolerates (two intervals of 2 s, plus 10 s). */
  private static final int BLOCKED_CALLS = 40;

  private final FakeTime time = new FakeTime();
  private final DtsRateLimiter limiter = new DtsRateLimiter(1, time);
  private final ExecutorService replies = Executors.newFixedThreadPool(2);
  private final ExecutorService others = Executors.newFixedThreadPool(BLOCKED_CALLS);
  private final Map<String, AwaitResult> results = new ConcurrentHashMap<>();
  private final Map<String, Exception> failures = new ConcurrentHashMap<>();
  private RegionReader reader;

  @AfterEach
  void close() {
    if (reader != null) {
      reader.close();
    }
    replies.shutdownNow();
    others.shutdownNow();
  }

  @Test
  void readingsDelayedByOtherCallsAtTheLimiterDoNotRestartTheHold() throws Exception {
    // In the third cycle, after the first task's page was read, the stops of other cutovers
    // (urgent) take the limiter for 40 s before the second page may be read.
    Pages pages = new Pages((cycle, page) -> cycle == 3 && page == 2, this::blockBehindOthers);
    watch(pages, reading -> {});

    awaitBothResults();

    assertEquals(0, results.get(FIRST.jobId()).holdRestarts(), "first: " + results);
    assertEquals(0, results.get(SECOND.jobId()).holdRestarts(), "second: " + results);
    assertTrue(pages.longestGap() >= BLOCKED_CALLS, "the readings were held up: " + pages);
  }

  @Test
  void aFailedPageStillRestartsTheHold() throws Exception {
    Pages pages =
        new Pages(
            (cycle, page) -> cycle == 3 && page == 1,
            () -> {
              throw DtsCallException.transientFailure(
                  DtsFailures.TRANSIENT, "DescribeDtsJobs: HTTP 503 ServiceUnavailable", null);
            });
    watch(pages, reading -> {});

    awaitBothResults();

    assertTrue(results.get(FIRST.jobId()).holdRestarts() >= 1, "first: " + results);
    assertTrue(results.get(FIRST.jobId()).failedReadings() >= 1, "first: " + results);
    assertTrue(results.get(SECOND.jobId()).holdRestarts() >= 1, "second: " + results);
  }

  @Test
  void timeLostOutsideAnyDtsCallStillRestartsTheHold() throws Exception {
    // The reader stalls for 40 s between two calls (as a paused process would): nobody watched.
    Pages pages = new Pages((cycle, page) -> false, () -> {});
    AtomicInteger firstReadings = new AtomicInteger();
    watch(
        pages,
        reading -> {
          if (reading.job().equals(FIRST) && firstReadings.incrementAndGet() == 3) {
            time.advance(Duration.ofSeconds(BLOCKED_CALLS));
          }
        });

    awaitBothResults();

    assertTrue(results.get(FIRST.jobId()).holdRestarts() >= 1, "first: " + results);
    assertTrue(results.get(SECOND.jobId()).holdRestarts() >= 1, "second: " + results);
  }

  /** Queues {@link #BLOCKED_CALLS} urgent calls at the limiter, ahead of the page to come. */
  private void blockBehindOthers() {
    AtomicInteger queuedOrDone = new AtomicInteger();
    for (int i = 0; i < BLOCKED_CALLS; i++) {
      others.execute(
          () -> {
            try {
              limiter.acquire(DtsLane.URGENT).close(); // a stop DTS answered at once
              queuedOrDone.incrementAndGet();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
    }
    waitUntil(() -> queuedOrDone.get() + limiter.waiting() >= BLOCKED_CALLS);
  }

  /** Both tasks watched for zero lag held {@link #HOLD}, polled every 100 ms. */
  private void watch(Pages pages, Consumer<JobSnapshot> readings) {
    reader =
        new RegionReader(
            REGION, pages, completions(), replies, time, DtsCallObserver.NONE, readings);
    for (JobRef job : List.of(FIRST, SECOND)) {
      reader.register(
          new Waiter(
              new AwaitRequest(
                  job, WaitCondition.CAUGHT_UP, Duration.ZERO, HOLD, Duration.ofMillis(100)),
              null,
              activityInfo(),
              job.jobId().getBytes(StandardCharsets.UTF_8),
              time.instant()));
    }
  }

  private void awaitBothResults() {
    waitUntil(() -> results.size() + failures.size() == 2);
    assertEquals(Map.of(), failures);
  }

  private static void waitUntil(BooleanSupplier condition) {
    long giveUpAt = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUpAt) {
        throw new AssertionError("not reached within 60 s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Completions recorded by job id (the task token); heartbeats go nowhere. */
  private ActivityCompletionClient completions() {
    return (ActivityCompletionClient)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {ActivityCompletionClient.class},
            (proxy, method, args) -> {
              if (args != null && args.length == 2 && args[0] instanceof byte[] token) {
                String job = new String(token, StandardCharsets.UTF_8);
                if (method.getName().equals("complete")) {
                  results.put(job, (AwaitResult) args[1]);
                } else if (method.getName().equals("completeExceptionally")) {
                  failures.put(job, (Exception) args[1]);
                }
              }
              return null;
            });
  }

  /** An activity without a schedule-to-close deadline, heartbeat timeout 20 s. */
  private static ActivityInfo activityInfo() {
    return (ActivityInfo)
        Proxy.newProxyInstance(
            RegionReaderTest.class.getClassLoader(),
            new Class<?>[] {ActivityInfo.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getHeartbeatTimeout" -> Duration.ofSeconds(20);
                  case "getScheduledTimestamp" -> 0L;
                  default -> null;
                });
  }

  /** Which page of which cycle (both from 1) a hook runs before. */
  private interface PageMatch {
    boolean test(int cycle, int page);
  }

  /**
   * The region's {@code MIGRATION} tasks, {@link #FIRST} on page 1 and {@link #SECOND} on page 2,
   * both caught up; every page waits its turn at the limiter, as {@link AlibabaDtsClient} does.
   */
  private final class Pages implements DtsClient {
    private final PageMatch when;
    private final Runnable hook;
    private final List<Instant> firstReadAt = new ArrayList<>();
    private int cycle;

    Pages(PageMatch when, Runnable hook) {
      this.when = when;
      this.hook = hook;
    }

    @Override
    public JobPage listJobs(String regionId, String jobType, int pageNumber, int pageSize) {
      if (!jobType.equals("MIGRATION")) {
        return new JobPage(List.of(), false, "none", time.instant());
      }
      if (pageNumber == 1) {
        cycle++;
      }
      if (when.test(cycle, pageNumber)) {
        hook.run();
      }
      DtsRateLimiter.Permit permit;
      try {
        permit = limiter.acquire(DtsLane.ROUTINE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw DtsCallException.transientFailure(DtsFailures.TRANSIENT, "interrupted", null);
      }
      try {
        JobRef job = pageNumber == 1 ? FIRST : SECOND;
        Instant now = time.instant();
        if (pageNumber == 1) {
          synchronized (this) {
            firstReadAt.add(now);
          }
        }
        return new JobPage(List.of(caughtUp(job, now)), pageNumber == 1, "page", now);
      } finally {
        permit.close();
      }
    }

    /** The longest time between two readings of {@link #FIRST}, in whole seconds. */
    synchronized long longestGap() {
      long longest = 0;
      for (int i = 1; i < firstReadAt.size(); i++) {
        longest =
            Math.max(
                longest, Duration.between(firstReadAt.get(i - 1), firstReadAt.get(i)).toSeconds());
      }
      return longest;
    }

    @Override
    public Duration timeFor(String regionId, int calls) {
      return limiter.timeFor(calls);
    }

    @Override
    public JobSnapshot describe(JobRef job) {
      throw new UnsupportedOperationException("every watched task is on a page");
    }

    @Override
    public FullLoadReading describeFullLoad(JobRef job) {
      throw new UnsupportedOperationException();
    }

    @Override
    public DtsCallResult stop(JobRef job) {
      throw new UnsupportedOperationException();
    }

    @Override
    public DtsCallResult delete(JobRef job) {
      throw new UnsupportedOperationException();
    }

    @Override
    public VerificationState describeVerification(JobRef job, VerificationMode mode) {
      throw new UnsupportedOperationException();
    }

    @Override
    public synchronized String toString() {
      return "readings of the first task at " + firstReadAt;
    }
  }

  private static JobSnapshot caughtUp(JobRef job, Instant at) {
    return new JobSnapshot(
        job,
        job.jobId(),
        JobStatus.MIGRATING,
        "Migrating",
        true,
        true,
        IncrementalStatus.CATCHED,
        "Catched",
        FullLoadStatus.FINISHED,
        "Finished",
        0L,
        "PostPaid",
        null,
        "page",
        at);
  }

  /**
   * Fake time for both the limiter and the reader: it moves when the limiter makes a call wait
   * (only the head of the limiter's queue sleeps, so the wait takes exactly that long), or when a
   * test moves it.
   */
  private static final class FakeTime extends Clock implements RateClock {
    private static final Instant ORIGIN = Instant.parse("2026-01-01T00:00:00Z");
    private long nanos;

    @Override
    public synchronized long nanoTime() {
      return nanos;
    }

    @Override
    public synchronized void sleepNanos(long sleep) {
      nanos += sleep;
    }

    synchronized void advance(Duration by) {
      nanos += by.toNanos();
    }

    @Override
    public Instant instant() {
      return ORIGIN.plusNanos(nanoTime());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
