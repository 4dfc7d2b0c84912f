package io.dtscutover.dts;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Lets at most {@code permits} calls start in any window of {@code windowNanos}: a sliding-window
 * log, so even a burst from many concurrent activities never exceeds the limit (a token bucket
 * would let twice the rate through across a window boundary). Thread-safe; callers block until a
 * slot frees.
 */
public final class DescribeRateLimiter {
  private final int permits;
  private final long windowNanos;
  private final RateClock clock;
  private final Deque<Long> granted = new ArrayDeque<>();

  /**
   * A limiter for {@code perSecond} calls per second. Fractional rates keep one call per window of
   * {@code 1 / perSecond} seconds.
   */
  public DescribeRateLimiter(double perSecond, RateClock clock) {
    if (!(perSecond > 0)) {
      throw new IllegalArgumentException("a rate must be positive (got " + perSecond + ")");
    }
    this.permits = (int) Math.max(1, Math.floor(perSecond));
    this.windowNanos = (long) (permits / perSecond * 1_000_000_000L);
    this.clock = clock;
  }

  /** How many calls may start in one window. */
  public int permits() {
    return permits;
  }

  /** Blocks until a call may start, then records it. */
  public void acquire() throws InterruptedException {
    while (true) {
      long waitNanos;
      synchronized (this) {
        long now = clock.nanoTime();
        while (!granted.isEmpty() && now - granted.peekFirst() >= windowNanos) {
          granted.pollFirst();
        }
        if (granted.size() < permits) {
          granted.addLast(now);
          return;
        }
        waitNanos = windowNanos - (now - granted.peekFirst());
      }
      clock.sleepNanos(Math.max(1, waitNanos));
    }
  }
}
