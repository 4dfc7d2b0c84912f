package io.dtscutover.worker.dts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link DtsRateLimiter} per (access key id, region): DTS limits calls per account and region,
 * so every activity of a worker process that uses the same key in the same region must share one
 * budget. {@link #PROCESS} is that process-wide registry.
 */
public final class SharedRateLimiters {
  /** The registry every {@link AlibabaDtsClient} of this process uses unless told otherwise. */
  public static final SharedRateLimiters PROCESS = new SharedRateLimiters(RateClock.system());

  private record Key(String accessKeyId, String regionId) {}

  private final RateClock clock;
  private final Map<Key, DtsRateLimiter> limiters = new ConcurrentHashMap<>();

  public SharedRateLimiters(RateClock clock) {
    this.clock = clock;
  }

  /**
   * The limiter of {@code accessKeyId} in {@code regionId}, created at {@code perSecond} by the
   * first caller; later callers share it whatever rate they ask for.
   */
  public DtsRateLimiter limiterFor(String accessKeyId, String regionId, double perSecond) {
    return limiters.computeIfAbsent(
        new Key(accessKeyId, regionId), key -> new DtsRateLimiter(perSecond, clock));
  }
}
