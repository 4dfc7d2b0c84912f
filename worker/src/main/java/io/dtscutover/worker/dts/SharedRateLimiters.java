package io.dtscutover.worker.dts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link DtsRateLimiter} per (access key id, region, budget): DTS limits calls per account and
 * region, per action ({@link DtsSettings#budgetOf}), so every activity of a worker process that
 * uses the same key in the same region must share one budget per action. {@link #PROCESS} is that
 * process-wide registry.
 */
public final class SharedRateLimiters {
  /** The registry every {@link AlibabaDtsClient} of this process uses unless told otherwise. */
  public static final SharedRateLimiters PROCESS = new SharedRateLimiters(RateClock.system());

  private record Key(String accessKeyId, String regionId, String budget) {}

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
    return limiterFor(accessKeyId, regionId, DtsSettings.OTHER_ACTIONS, perSecond);
  }

  /**
   * The limiter of {@code budget} (an action DTS limits on its own, or {@link
   * DtsSettings#OTHER_ACTIONS}; see {@link DtsSettings#budgetOf}) of {@code accessKeyId} in {@code
   * regionId}, created at {@code perSecond} by the first caller.
   */
  public DtsRateLimiter limiterFor(
      String accessKeyId, String regionId, String budget, double perSecond) {
    return limiters.computeIfAbsent(
        new Key(accessKeyId, regionId, budget), key -> new DtsRateLimiter(perSecond, clock));
  }
}
