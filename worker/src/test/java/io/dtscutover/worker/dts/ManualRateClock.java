package io.dtscutover.worker.dts;

/**
 * A {@link RateClock} that moves only when the test says so. Sleepers block until the clock reaches
 * their wake-up time, so a test sees exactly which calls the limiter let through.
 */
final class ManualRateClock implements RateClock {
  private long now;
  private int sleepers;
  private int sleeps;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized void sleepNanos(long nanos) throws InterruptedException {
    long wakeAt = now + nanos;
    sleepers++;
    sleeps++;
    try {
      while (now < wakeAt) {
        wait();
      }
    } finally {
      sleepers--;
    }
  }

  synchronized void advanceNanos(long nanos) {
    now += nanos;
    notifyAll();
  }

  synchronized int sleepers() {
    return sleepers;
  }

  /** How many times anyone began to sleep. */
  synchronized int sleeps() {
    return sleeps;
  }
}
