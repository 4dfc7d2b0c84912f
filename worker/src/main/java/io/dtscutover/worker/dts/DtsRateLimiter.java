package io.dtscutover.worker.dts;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * The DTS call budget of one (access key, region) in this process: fair, prioritised, capped where
 * calls reach DTS, and adaptive.
 *
 * <ul>
 *   <li><b>Fair.</b> Waiting calls form one first-come, first-served queue per {@link DtsLane};
 *       only the head of the most urgent non-empty lane may start. Nobody overtakes by luck.
 *   <li><b>Capped on arrival.</b> A call holds its {@link Permit} until its answer is in, and a
 *       call counts against the window until a window after its answer. So at most {@code permits}
 *       calls can reach DTS in any window, even when threads stall between permit and send (a cap
 *       on when permits are granted lets a stalled burst through together).
 *   <li><b>Adaptive.</b> The configured rate is a ceiling. Each answer DTS throttled halves the
 *       rate (at most once per window); every second without one adds a tenth of the ceiling back.
 *       Other tools spending the same account's budget therefore slow the cutovers down instead of
 *       failing them.
 * </ul>
 *
 * <p>Thread-safe. Waiting is done on the {@link RateClock}, so tests drive it without real time.
 */
public final class DtsRateLimiter {
  /** How often a waiter that is not at the head of the queue looks again, at the latest. */
  private static final long RECHECK_MILLIS = 50;

  private static final long SECOND = 1_000_000_000L;

  private final double ceiling;
  private final double floor;
  private final RateClock clock;
  private final Map<DtsLane, Deque<Object>> lanes = new EnumMap<>(DtsLane.class);
  private final Deque<Long> answered = new ArrayDeque<>();
  private int inFlight;
  private double rate;
  private long lastDecrease = Long.MIN_VALUE / 2;
  private long lastIncrease;
  private long throttles;

  /** A limiter of at most {@code perSecond} calls per second. */
  public DtsRateLimiter(double perSecond, RateClock clock) {
    if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("a rate must be positive (got " + perSecond + ")");
    }
    this.ceiling = perSecond;
    this.floor = Math.min(perSecond, Math.max(0.1, perSecond / 32));
    this.rate = perSecond;
    this.clock = clock;
    this.lastIncrease = clock.nanoTime();
    for (DtsLane lane : DtsLane.values()) {
      lanes.put(lane, new ArrayDeque<>());
    }
  }

  /** One call's claim on the budget: close it when DTS has answered (or the call failed). */
  public final class Permit implements AutoCloseable {
    private boolean closed;

    private Permit() {}

    /** DTS refused this call on its rate limit: slow down. */
    public void throttled() {
      DtsRateLimiter.this.throttled();
    }

    @Override
    public void close() {
      synchronized (DtsRateLimiter.this) {
        if (closed) {
          return;
        }
        closed = true;
        inFlight--;
        answered.addLast(clock.nanoTime());
        DtsRateLimiter.this.notifyAll();
      }
    }
  }

  /**
   * Waits for this call's turn in {@code lane} and for room in the budget. The head of the queue
   * waits on the {@link RateClock} for the window to pass; everyone else waits to be told that the
   * queue moved.
   */
  public Permit acquire(DtsLane lane) throws InterruptedException {
    Object ticket = new Object();
    synchronized (this) {
      lanes.get(lane).addLast(ticket);
      notifyAll();
    }
    try {
      while (true) {
        long sleepNanos;
        synchronized (this) {
          long now = clock.nanoTime();
          recover(now);
          long window = windowNanos();
          while (!answered.isEmpty() && now - answered.peekFirst() >= window) {
            answered.pollFirst();
          }
          if (headOfMostUrgentLane() != ticket || inFlight >= permits()) {
            wait(RECHECK_MILLIS); // a grant, an answer or a new head wakes us
            continue;
          }
          if (inFlight + answered.size() < permits()) {
            lanes.get(lane).pollFirst();
            inFlight++;
            notifyAll();
            return new Permit();
          }
          sleepNanos = window - (now - answered.peekFirst());
        }
        clock.sleepNanos(Math.max(1, sleepNanos));
      }
    } catch (InterruptedException | RuntimeException e) {
      synchronized (this) {
        lanes.get(lane).remove(ticket);
        notifyAll();
      }
      throw e;
    }
  }

  private Object headOfMostUrgentLane() {
    for (DtsLane lane : DtsLane.values()) {
      Object head = lanes.get(lane).peekFirst();
      if (head != null) {
        return head;
      }
    }
    return null;
  }

  /** Multiplicative decrease: halves the rate, at most once per window. */
  synchronized void throttled() {
    throttles++;
    long now = clock.nanoTime();
    if (now - lastDecrease >= windowNanos()) {
      rate = Math.max(floor, rate / 2);
      lastDecrease = now;
      lastIncrease = now;
    }
  }

  /** Additive increase: a tenth of the ceiling back per second without a throttled answer. */
  private void recover(long now) {
    if (rate >= ceiling) {
      lastIncrease = now;
      return;
    }
    long seconds = (now - lastIncrease) / SECOND;
    if (seconds > 0) {
      rate = Math.min(ceiling, rate + seconds * ceiling / 10);
      lastIncrease += seconds * SECOND;
    }
  }

  private int permits() {
    return (int) Math.max(1, Math.floor(rate));
  }

  private long windowNanos() {
    return (long) (permits() / rate * SECOND);
  }

  /** The configured ceiling, calls per second. */
  public double ceiling() {
    return ceiling;
  }

  /** The rate allowed now, calls per second: the ceiling, or less after throttled answers. */
  public synchronized double currentRate() {
    recover(clock.nanoTime());
    return rate;
  }

  /** Calls started and not yet answered (tests). */
  synchronized int inFlight() {
    return inFlight;
  }

  /** Calls waiting for their turn (tests). */
  synchronized int waiting() {
    int count = 0;
    for (Deque<Object> queue : lanes.values()) {
      count += queue.size();
    }
    return count;
  }

  @Override
  public synchronized String toString() {
    return "DtsRateLimiter[rate="
        + rate
        + "/s, inFlight="
        + inFlight
        + ", answered="
        + answered
        + ", waiting="
        + waiting()
        + ", now="
        + clock.nanoTime()
        + "]";
  }

  /** Throttled answers seen so far. */
  public synchronized long throttles() {
    return throttles;
  }

  /** How long {@code calls} calls take at the current rate. */
  public Duration timeFor(int calls) {
    return Duration.ofNanos((long) (calls / currentRate() * SECOND));
  }
}
