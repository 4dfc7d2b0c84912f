package io.dtscutover.dts;

import static io.dtscutover.dts.SimulatedDts.ACCESS_KEY_ID;
import static io.dtscutover.dts.SimulatedDts.REGION;
import static io.dtscutover.dts.SimulatedDts.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A burst of concurrent describes from several clients of one worker process stays under the shared
 * per-(access key, region) limit. Calls are counted at the simulator while the limiter's clock
 * stands still; nothing is timed.
 */
class DescribeRateLimitTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void burstOfConcurrentDescribesStaysUnderTheSharedLimit() throws Exception {
    ManualRateClock rateClock = new ManualRateClock();
    SharedRateLimiters limiters = new SharedRateLimiters(rateClock);
    try (SimulatedDts dts =
        new SimulatedDts(Scenario.of(ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION)))) {
      Map<String, String> env = dts.env();
      env.put(DtsSettings.DESCRIBE_RATE, "4");
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

        waitUntil(() -> describes(dts) == 4 && rateClock.sleepers() == 8);
        assertEquals(4, describes(dts), "only the limit passes while the clock stands still");

        rateClock.advanceNanos(SECOND);
        waitUntil(() -> describes(dts) == 8 && rateClock.sleepers() == 4);
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
    DescribeRateLimiter limiter = new DescribeRateLimiter(0.5, clock);
    limiter.acquire();
    Thread second =
        new Thread(
            () -> {
              try {
                limiter.acquire();
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
