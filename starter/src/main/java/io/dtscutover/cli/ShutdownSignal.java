package io.dtscutover.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ends a long-running command cleanly. On Ctrl-C the JVM shutdown hook fires the signal and then
 * waits (briefly) until the command has closed what it started, so an embedded server or a worker
 * is never cut off mid-task without a chance to shut down.
 */
public final class ShutdownSignal {
  private static final Duration CLEANUP_GRACE = Duration.ofSeconds(15);

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch cleanedUp = new CountDownLatch(1);

  /** Only a command that waits on the signal has something to close; others exit at once. */
  private volatile boolean awaited;

  /** A signal fired by the JVM's shutdown (Ctrl-C, SIGTERM). */
  public static ShutdownSignal onJvmShutdown() {
    ShutdownSignal signal = new ShutdownSignal();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  signal.fire();
                  if (signal.awaited) {
                    signal.awaitCleanup();
                  }
                },
                "cutover-shutdown"));
    return signal;
  }

  /** Asks the running command to stop. */
  public void fire() {
    requested.countDown();
  }

  /** True once {@link #fire} was called. */
  public boolean fired() {
    return requested.getCount() == 0;
  }

  /** Blocks until the signal fires. */
  public void await() throws InterruptedException {
    awaited = true;
    requested.await();
  }

  /** Blocks until the signal fires or {@code limit} passes; true when it fired. */
  public boolean await(Duration limit) throws InterruptedException {
    awaited = true;
    return requested.await(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Called by the command once everything it started is closed. */
  public void cleanedUp() {
    cleanedUp.countDown();
  }

  private void awaitCleanup() {
    try {
      cleanedUp.await(CLEANUP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
