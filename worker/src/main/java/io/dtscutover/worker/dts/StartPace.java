package io.dtscutover.worker.dts;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * How fast a worker process takes on new cutovers: the gate of every task reading that is not
 * urgent (a cutover's preflight). A start
 *
 * <ol>
 *   <li>yields while the worker is behind on its cutovers' steps: the Temporal server is behind on
 *       the worker's workflow tasks, or a held window it let go has not reached its {@code
 *       StopDtsJob} a second later. Every start adds half a dozen workflow tasks before its quiet
 *       window, and a frozen source waiting for its stop matters more than a cutover not yet begun.
 *       It yields at most {@link #MAX_YIELD}, so that a signal that does not clear cannot hold
 *       starts back for long;
 *   <li>then waits for a permit of the pace: at most {@code perSecond} starts in any second, across
 *       regions, first come first served.
 * </ol>
 *
 * <p>The first step follows what the worker and the server really get done, the second is a fixed
 * ceiling; with the ceiling alone, cutovers started together over many regions kept the server busy
 * with their first workflow tasks while the stops of cutovers already frozen waited.
 */
final class StartPace {
  /** The longest one start yields. */
  static final Duration MAX_YIELD = Duration.ofSeconds(10);

  /** How often a yielding start looks again. */
  static final Duration RECHECK = Duration.ofMillis(50);

  private final DtsRateLimiter pace;
  private final BooleanSupplier behind;
  private final RateClock clock;

  /**
   * Starts at most {@code perSecond} a second (infinite: no ceiling) that yield while {@code
   * behind} says so, timed by {@code clock}.
   */
  StartPace(double perSecond, BooleanSupplier behind, RateClock clock) {
    this.pace = Double.isInfinite(perSecond) ? null : new DtsRateLimiter(perSecond, clock);
    this.behind = behind;
    this.clock = clock;
  }

  /**
   * Waits for this start's turn; close the permit (null without a ceiling) when DTS has answered.
   */
  DtsRateLimiter.Permit acquire() throws InterruptedException {
    long yieldUntil = clock.nanoTime() + MAX_YIELD.toNanos();
    while (behind.getAsBoolean() && clock.nanoTime() < yieldUntil) {
      clock.sleepNanos(RECHECK.toNanos());
    }
    return pace == null ? null : pace.acquire(DtsLane.PER_JOB);
  }

  /** Starts that have their permit and no answer yet (tests). */
  int inFlight() {
    return pace == null ? 0 : pace.inFlight();
  }
}
