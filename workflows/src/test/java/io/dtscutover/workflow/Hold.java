package io.dtscutover.workflow;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a fake activity inside its call until the test releases it, so a test can act (cancel,
 * abort) while the activity runs. The test server does not skip time while an activity runs.
 */
final class Hold {
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  /** Called by the fake: signals that the call started, then waits for the release. */
  void block() {
    entered.countDown();
    try {
      if (!released.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the held call");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until the held call has started. */
  void awaitEntered() {
    try {
      if (!entered.await(20, TimeUnit.SECONDS)) {
        throw new AssertionError("the held call never started");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  void release() {
    released.countDown();
  }
}
