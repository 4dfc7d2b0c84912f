package io.dtscutover.worker.dts;

import static io.dtscutover.worker.dts.SimulatedDts.ACCESS_KEY_ID;
import static io.dtscutover.worker.dts.SimulatedDts.REGION;
import static io.dtscutover.worker.dts.SimulatedDts.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The shared per-(access key, region) limiter: a burst from several clients stays under the limit,
 * calls count until their answer is in, lanes are served in order and first come first served, and
 * throttled answers slow it down. Calls are counted while the limiter's clock stands still; nothing
 * is timed.
 */
class DtsRateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void burstOfConcurrentDescribesStaysUnderTheSharedLimit() throws Exception {
    ManualRateClock rateClock = new ManualRateClock();
    SharedRateLimiters limiters = new SharedRateLimiters(rateClock);
    try (SimulatedDts dts =
        new SimulatedDts(Scenario.of(ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION)))) {
      Map<String, String> env = dts.env();
      env.put(DtsSettings.DESCRIBE_RATE, "2"); // DescribeDtsJobDetail: twice that, 4/s
      DtsSettings settings = DtsSettings.fromEnvironment(env);
      // two clients, as two activities of one worker would have: they share one budget
      List<AlibabaDtsClient> clients =
          List.of(
              new AlibabaDtsClient(settings, limiters, dts.clock),
              new AlibabaDtsClient(settings, limiters, dts.clock));
      ExecutorService pool = Executors.newFixedThreadPool(12);
      try {
        List<Future<JobSnapshot>> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          AlibabaDtsClient client = clients.get(i % 2);
          results.add(pool.submit(() -> client.describe(JobRef.of(REGION, "job1"))));
        }

        DtsRateLimiter limiter =
            limiters.limiterFor(ACCESS_KEY_ID, REGION, "DescribeDtsJobDetail", 4);
        waitUntil(() -> describes(dts) == 4 && limiter.waiting() == 8);
        // a call counts until a window after its answer: let the answers in before time moves
        waitUntil(() -> rateClock.sleepers() == 1 && limiter.inFlight() == 0);
        assertEquals(4, describes(dts), "only the limit passes while the clock stands still");

        rateClock.advanceNanos(SECOND);
        waitUntil(() -> describes(dts) == 8 && limiter.waiting() == 4);
        // a call counts until a window after its answer: let the answers in before time moves
        waitUntil(() -> rateClock.sleepers() == 1 && limiter.inFlight() == 0);
        assertEquals(8, describes(dts));

        rateClock.advanceNanos(SECOND);
        for (Future<JobSnapshot> result : results) {
          assertEquals(JobStatus.MIGRATING, result.get().status());
        }
        assertEquals(12, describes(dts));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void oneLimiterPerAccessKeyAndRegion() {
    SharedRateLimiters limiters = new SharedRateLimiters(new ManualRateClock());

    assertSame(
        limiters.limiterFor("ak", "cn-hangzhou", 20), limiters.limiterFor("ak", "cn-hangzhou", 5));
    assertNotSame(
        limiters.limiterFor("ak", "cn-hangzhou", 20), limiters.limiterFor("ak", "cn-beijing", 20));
    assertNotSame(
        limiters.limiterFor("ak", "cn-hangzhou", 20),
        limiters.limiterFor("ak2", "cn-hangzhou", 20));
  }

  @Test
  void fractionalRateAllowsOneCallPerLongerWindow() throws Exception {
    ManualRateClock clock = new ManualRateClock();
    DtsRateLimiter limiter = new DtsRateLimiter(0.5, clock);
    limiter.acquire(DtsLane.ROUTINE).close();
    Thread second =
        new Thread(
            () -> {
              try {
                limiter.acquire(DtsLane.ROUTINE).close();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    second.start();
    waitUntil(() -> clock.sleepers() == 1);
    clock.advanceNanos(SECOND);
    waitUntil(() -> clock.sleepers() == 1 || !second.isAlive());
    assertTrue(second.isAlive(), "one second is not enough at 0.5 calls/s");
    clock.advanceNanos(SECOND);
    second.join(10_000);
    assertTrue(!second.isAlive(), "two seconds free the next call");
  }

  @Test
  void aCallCountsUntilAWindowAfterItsAnswerSoStalledCallsCannotBunchUp() throws Exception {
    ManualRateClock clock = new ManualRateClock();
    DtsRateLimiter limiter = new DtsRateLimiter(2, clock);
    DtsRateLimiter.Permit first = limiter.acquire(DtsLane.ROUTINE);
    DtsRateLimiter.Permit second = limiter.acquire(DtsLane.ROUTINE);
    List<String> granted = new java.util.concurrent.CopyOnWriteArrayList<>();
    Thread third = acquireInThread(limiter, DtsLane.ROUTINE, "third", granted);
    waitUntil(() -> limiter.waiting() == 1);

    clock.advanceNanos(10 * SECOND); // both calls stalled: still unanswered, still counted
    waitUntil(() -> limiter.waiting() == 1);
    assertTrue(granted.isEmpty(), "no call starts while the limit's worth is still in flight");

    first.close();
    waitUntil(() -> clock.sleepers() == 1);
    assertTrue(granted.isEmpty(), "an answered call counts for a window after its answer");

    clock.advanceNanos(SECOND);
    third.join(10_000);
    assertEquals(List.of("third"), granted);
    second.close();
  }

  @Test
  void urgentCallsGoFirstAndEachLaneIsFirstComeFirstServed() throws Exception {
    ManualRateClock clock = new ManualRateClock();
    DtsRateLimiter limiter = new DtsRateLimiter(1, clock);
    DtsRateLimiter.Permit busy = limiter.acquire(DtsLane.ROUTINE);
    List<String> granted = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    threads.add(acquireInThread(limiter, DtsLane.ROUTINE, "poll-1", granted));
    waitUntil(() -> limiter.waiting() == 1);
    threads.add(acquireInThread(limiter, DtsLane.ROUTINE, "poll-2", granted));
    waitUntil(() -> limiter.waiting() == 2);
    threads.add(acquireInThread(limiter, DtsLane.PER_JOB, "preflight", granted));
    waitUntil(() -> limiter.waiting() == 3);
    threads.add(acquireInThread(limiter, DtsLane.URGENT, "stop", granted));
    waitUntil(() -> limiter.waiting() == 4);

    busy.close();
    for (int expected = 1; expected <= 4; expected++) {
      int count = expected;
      clock.advanceNanos(SECOND);
      waitUntil(() -> granted.size() == count);
    }
    for (Thread thread : threads) {
      thread.join(10_000);
    }
    assertEquals(List.of("stop", "preflight", "poll-1", "poll-2"), granted);
  }

  @Test
  void throttledAnswersHalveTheRateOncePerWindowAndItRecovers() {
    ManualRateClock clock = new ManualRateClock();
    DtsRateLimiter limiter = new DtsRateLimiter(20, clock);

    limiter.throttled();
    limiter.throttled(); // the same burst: one decrease
    assertEquals(10, limiter.currentRate(), 1e-9);
    clock.advanceNanos(SECOND);
    limiter.throttled();
    assertEquals(5, limiter.currentRate(), 1e-9);

    clock.advanceNanos(SECOND);
    assertEquals(7, limiter.currentRate(), 1e-9, "a tenth of the ceiling back per quiet second");
    clock.advanceNanos(60 * SECOND);
    assertEquals(20, limiter.currentRate(), 1e-9, "never above the configured ceiling");
    assertEquals(3, limiter.throttles());
  }

  /** A thread that takes a permit in {@code lane}, records {@code name} and answers at once. */
  private static Thread acquireInThread(
      DtsRateLimiter limiter, DtsLane lane, String name, List<String> granted) {
    Thread thread =
        new Thread(
            () -> {
              try {
                DtsRateLimiter.Permit permit = limiter.acquire(lane);
                try {
                  granted.add(name);
                } finally {
                  permit.close();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    thread.start();
    return thread;
  }

  private static long describes(SimulatedDts dts) {
    return dts.simulator.calls("DescribeDtsJobDetail").size();
  }

  private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("condition not reached within 20 s");
      }
      Thread.sleep(10);
    }
  }
}
