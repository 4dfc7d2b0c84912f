package io.dtscutover.worker.dts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.AwaitResult;
import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.StopQueueCause;
import io.dtscutover.dts.StopQueueWait;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.dts.WaitCondition;
import io.dtscutover.simulator.ManualClock;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCompletionClient;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link RegionReader} whose held quiet windows finish only as fast as the region's stop budget
 * allows (here one a second), each on the page read when its turn came. A fake {@link DtsClient}
 * serves one page per cycle and moves a manual clock one second per page, so every reading has a
 * known time.
 */
class RegionReaderAdmissionTest {
  private static final String REGION = "cn-hangzhou";
  private static final String OTHER_REGION = "cn-beijing";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(T0);
  private final ExecutorService replies = Executors.newSingleThreadExecutor();
  private final Map<String, AwaitResult> completed = new LinkedHashMap<>();

  /**
   * Pages are read once every wait of the test is registered. The first cycle may have started with
   * fewer, so every task lags on the first page: all holds start on the second.
   */
  private final CountDownLatch registered = new CountDownLatch(1);

  private RegionReader reader;
  private RegionReader otherReader;

  /** The job whose completion the server takes only once {@link #slowAnswer} is counted down. */
  private volatile String slowJob;

  private final CountDownLatch slowAnswer = new CountDownLatch(1);

  /** What the metrics see: the queue's length after each cycle, and each wait's time in it. */
  private final List<Integer> queueLengths = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final List<Duration> queueWaits = new java.util.concurrent.CopyOnWriteArrayList<>();

  private final DtsCallObserver metrics =
      new DtsCallObserver() {
        @Override
        public void succeeded(String action) {}

        @Override
        public void failed(String action, String type) {}

        @Override
        public void throttled(String action, String regionId) {}

        @Override
        public void readInterval(String regionId, Duration effective, boolean requestedMet) {}

        @Override
        public void stopQueue(String regionId, int queued) {
          queueLengths.add(queued);
        }

        @Override
        public void stopQueueWait(String regionId, Duration waited) {
          queueWaits.add(waited);
        }
      };

  @AfterEach
  void tearDown() {
    if (reader != null) {
      reader.close();
    }
    if (otherReader != null) {
      otherReader.close();
    }
    replies.shutdownNow();
  }

  /** Four windows hold on the same page; the budget lets one finish a second, first held first. */
  @Test
  void heldWindowsFinishOneATurnInOrderEachOnTheReadingOfItsTurn() throws Exception {
    start((job, second) -> second >= 1);
    List<String> jobs = List.of("job1", "job2", "job3", "job4");
    jobs.forEach(this::register);
    registered.countDown();

    awaitCompleted(4);

    assertEquals(jobs, List.copyOf(completed.keySet()), "first held, first served");
    // Caught up from the page read at 1 s; the window of 2 s held on the page read at 3 s.
    for (int i = 0; i < 4; i++) {
      AwaitResult result = completed.get(jobs.get(i));
      assertEquals(T0.plusSeconds(3 + i), result.reading().observedAt(), "the page of its turn");
      StopQueueWait queue = result.stopQueue();
      if (i == 0) {
        assertNull(queue, "the budget had room at once");
      } else {
        assertNotNull(queue, jobs.get(i) + " waited");
        assertEquals(T0.plusSeconds(3), queue.heldFrom());
        assertEquals(i, queue.ahead());
        assertEquals(Duration.ofSeconds(i + 1), queue.waited(), "held at 3 s, its turn after");
      }
    }
    assertEquals(3, queueLengths.stream().mapToInt(Integer::intValue).max().orElse(0));
    // From the page on which each held to its turn (the first's on the same cycle).
    assertEquals(
        List.of(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(3),
            Duration.ofSeconds(4)),
        queueWaits);
  }

  /**
   * A completion the server is slow to take does not hold back the next wait's: a page's endings
   * are independent round trips, and each one late is a stop late.
   */
  @Test
  void aSlowCompletionDoesNotDelayTheNextWaitsCompletion() throws Exception {
    slowJob = "job1";
    start((job, second) -> second >= 1);
    register("job1");
    register("job2");
    registered.countDown();

    try {
      awaitCompleted(1);
      assertEquals(List.of("job2"), List.copyOf(completed().keySet()), "job2 came through");
    } finally {
      slowAnswer.countDown();
    }
    awaitCompleted(2);
  }

  /** A lag seen while queued restarts the hold: the wait leaves the queue and holds anew. */
  @Test
  void aBreachWhileQueuedRestartsTheHoldAndLeavesTheQueue() throws Exception {
    // All held at 3 s, job2 queued behind job1; at 4 s its page shows lag.
    start((job, second) -> second >= 1 && !(job.equals("job2") && second == 4));
    register("job1");
    register("job2");
    register("job3");
    registered.countDown();

    awaitCompleted(3);

    assertEquals(List.of("job1", "job3", "job2"), List.copyOf(completed.keySet()));
    AwaitResult job2 = completed.get("job2");
    assertEquals(1, job2.holdRestarts());
    // Caught up again from 5 s, held for 2 s at 7 s: the queue was empty by then.
    assertEquals(T0.plusSeconds(7), job2.reading().observedAt());
    assertNull(job2.stopQueue());
  }

  /**
   * Two regions' readers share a finish cap of one: each region's budget has room, but the second
   * held window goes only when the first one's stop was sent, and says it waited for the cap.
   */
  @Test
  void theWorkersFinishCapHoldsBackAWindowOfAnotherRegionUntilTheStop() throws Exception {
    FinishCap cap = new FinishCap(1, FinishCap.SLOT_TIMEOUT, clock);
    reader = startIn(REGION, (job, second) -> second >= 1, cap);
    otherReader = startIn(OTHER_REGION, (job, second) -> second >= 1, cap);
    Waiter here = register(reader, REGION, "job1");
    Waiter there = register(otherReader, OTHER_REGION, "job2");
    registered.countDown();

    awaitCompleted(1);
    Waiter first = completed().containsKey("job1") ? here : there;
    Waiter second = first == here ? there : here;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (second.progress().stopQueue() == null
        || second.progress().stopQueue().waitedFor() != StopQueueCause.WORKER_FINISH_CAP) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the second window never queued for the cap: " + completed());
      }
      Thread.sleep(10);
    }
    assertEquals(1, completed().size(), "one finish in flight at most");

    cap.release(FinishCap.keyOf(first.request.job())); // its StopDtsJob was sent

    awaitCompleted(2);
    StopQueueWait queue = completed().get(second.request.job().jobId()).stopQueue();
    assertNotNull(queue, "it queued");
    assertEquals(StopQueueCause.WORKER_FINISH_CAP, queue.waitedFor());
    assertTrue(queue.describe().contains("worker's finish cap"), queue.describe());
  }

  /**
   * A window that a gate follows (a person or the wave at the stop gate) ends at once, even while
   * the worker's finish cap is full: its stop comes when the gate opens, so it neither waits for a
   * slot nor takes one from the windows going straight to their stops. A wave of 50 jobs, each
   * holding a slot until the wave ordered the stops, waited for slots to time out: 96 s.
   */
  @Test
  void aWindowBeforeAGateNeitherWaitsForNorTakesAFinishSlot() throws Exception {
    FinishCap cap = new FinishCap(1, FinishCap.SLOT_TIMEOUT, clock);
    reader = startIn(REGION, (job, second) -> second >= 1, cap);
    register(reader, REGION, "job1", null); // a stop follows: takes the only slot, never stops
    register(reader, REGION, "job2", false); // a gate follows
    registered.countDown();

    awaitCompleted(2);
    assertNull(completed().get("job2").stopQueue(), "it never queued");
    assertEquals(1, cap.inFlight(), "only the window a stop follows holds a slot");
  }

  private void awaitCompleted(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (completed().size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("completed only " + completed());
      }
      Thread.sleep(10);
    }
  }

  private Map<String, AwaitResult> completed() {
    synchronized (completed) {
      return Map.copyOf(completed);
    }
  }

  private void register(String jobId) {
    register(reader, REGION, jobId);
  }

  private Waiter register(RegionReader to, String region, String jobId) {
    return register(to, region, jobId, null);
  }

  private Waiter register(RegionReader to, String region, String jobId, Boolean stopFollows) {
    AwaitRequest request =
        new AwaitRequest(
            JobRef.of(region, jobId),
            WaitCondition.CAUGHT_UP,
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            Duration.ofMillis(10),
            stopFollows);
    Waiter waiter =
        new Waiter(
            request, null, activityInfo(), jobId.getBytes(StandardCharsets.UTF_8), clock.instant());
    to.register(waiter);
    return waiter;
  }

  /** The reader over one page of every registered task; {@code caughtUp} says each task's lag. */
  private void start(BiPredicate<String, Long> caughtUp) {
    reader =
        startIn(REGION, caughtUp, new FinishCap(Integer.MAX_VALUE, FinishCap.SLOT_TIMEOUT, clock));
  }

  private RegionReader startIn(String region, BiPredicate<String, Long> caughtUp, FinishCap cap) {
    List<String> known = List.of("job1", "job2", "job3", "job4");
    DtsClient pages =
        new DtsClient() {
          @Override
          public JobPage listJobs(String regionId, String jobType, int pageNumber, int size) {
            try {
              registered.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
            Instant readAt = clock.instant();
            long second = Duration.between(T0, readAt).toSeconds();
            List<JobSnapshot> jobs = new ArrayList<>();
            for (String job : known) {
              jobs.add(reading(region, job, caughtUp.test(job, second) ? 0 : 5000, readAt));
            }
            clock.advance(Duration.ofSeconds(1));
            return new JobPage(jobs, false, "page-" + second, readAt);
          }

          @Override
          public double finishesPerSecond(String regionId) {
            return 1;
          }

          @Override
          public JobSnapshot describe(JobRef job) {
            throw new AssertionError("every task is on the page");
          }

          @Override
          public FullLoadReading describeFullLoad(JobRef job) {
            throw new AssertionError("not read here");
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
    return new RegionReader(
        region, pages, completions(), replies, clock, metrics, reading -> {}, cap);
  }

  private static JobSnapshot reading(String region, String jobId, long delayMillis, Instant at) {
    IncrementalStatus incremental =
        delayMillis == 0 ? IncrementalStatus.CATCHED : IncrementalStatus.MIGRATING;
    return new JobSnapshot(
        JobRef.of(region, jobId),
        jobId,
        JobStatus.MIGRATING,
        "Migrating",
        false,
        true,
        incremental,
        delayMillis == 0 ? "Catched" : "Migrating",
        FullLoadStatus.ABSENT,
        null,
        delayMillis,
        "PostPaid",
        null,
        "req-" + jobId,
        at);
  }

  /**
   * Records each completion under its task token (the job id), {@link #slowJob}'s once released;
   * heartbeats go nowhere.
   */
  private ActivityCompletionClient completions() {
    return (ActivityCompletionClient)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {ActivityCompletionClient.class},
            (proxy, method, args) -> {
              if (method.getName().equals("complete") && args.length == 2) {
                String job = new String((byte[]) args[0], StandardCharsets.UTF_8);
                if (job.equals(slowJob) && !slowAnswer.await(30, TimeUnit.SECONDS)) {
                  throw new AssertionError("the slow answer was never released");
                }
                synchronized (completed) {
                  completed.put(job, (AwaitResult) args[1]);
                }
              } else if (method.getName().equals("completeExceptionally")) {
                throw new AssertionError("a wait failed", (Throwable) args[1]);
              }
              return null;
            });
  }

  private static ActivityInfo activityInfo() {
    return (ActivityInfo)
        Proxy.newProxyInstance(
            RegionReaderAdmissionTest.class.getClassLoader(),
            new Class<?>[] {ActivityInfo.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getHeartbeatTimeout" -> Duration.ofSeconds(20);
                  case "getScheduleToCloseTimeout" -> null;
                  case "getScheduledTimestamp" -> 0L;
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
