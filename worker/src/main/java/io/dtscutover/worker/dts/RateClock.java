package io.dtscutover.worker.dts;

/**
 * The time source of a {@link DtsRateLimiter}: monotonic nanoseconds and a way to wait. Tests
 * replace it to count calls against the limit without measuring real time.
 */
public interface RateClock {

  long nanoTime();

  /** Waits about {@code nanos}; may return early. */
  void sleepNanos(long nanos) throws InterruptedException;

  /** The JVM's monotonic clock and {@link Thread#sleep}. */
  static RateClock system() {
    return new RateClock() {
      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleepNanos(long nanos) throws InterruptedException {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      }
    };
  }
}
