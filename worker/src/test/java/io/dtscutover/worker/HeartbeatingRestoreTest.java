package io.dtscutover.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.JobRef;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HeartbeatingRestore} in Temporal's activity test environment: a restore that waits keeps
 * heartbeating, and a restore whose attempt is cancelled still runs to its end.
 */
class HeartbeatingRestoreTest {
  private static final FreezeReceipt RECEIPT =
      new FreezeReceipt(
          new FreezeSpec(
              FreezeStrategy.MYSQL_REVOKE,
              "db",
              JobRef.of("cn-hangzhou", "dtsheartbeat"),
              "cutover-heartbeat"),
          Instant.EPOCH,
          Map.of(),
          List.of(),
          List.of("app"));

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void aRestoreThatWaitsKeepsHeartbeating() {
    CountDownLatch heartbeats = new CountDownLatch(3);
    env.setActivityHeartbeatListener(Object.class, details -> heartbeats.countDown());
    SlowRestore restore = new SlowRestore(heartbeats);

    stub(restore).unfreeze(RECEIPT);

    assertTrue(restore.restored, "the restore ran to its end");
  }

  @Test
  void aCancelledRestoreStillRunsToItsEnd() {
    AtomicInteger seen = new AtomicInteger();
    CountDownLatch heartbeatAfterCancel = new CountDownLatch(1);
    env.setActivityHeartbeatListener(
        Object.class,
        details -> {
          // The first heartbeat is answered "cancel requested"; the next one was sent by a beat
          // that was told so.
          if (seen.incrementAndGet() == 1) {
            env.requestCancelActivity();
          } else {
            heartbeatAfterCancel.countDown();
          }
        });
    SlowRestore restore = new SlowRestore(heartbeatAfterCancel);

    stub(restore).unfreeze(RECEIPT);

    assertTrue(restore.restored, "the cancelled restore ran to its end");
  }

  private WriteFreezeActivities stub(WriteFreezeActivities restore) {
    env.registerActivitiesImplementations(new HeartbeatingRestore(restore, Duration.ofMillis(50)));
    return env.newActivityStub(
        WriteFreezeActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setHeartbeatTimeout(Duration.ofSeconds(1))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  /** A restore held (like one waiting for a database lock) until {@code until} opens. */
  private static final class SlowRestore implements WriteFreezeActivities {
    private final CountDownLatch until;
    volatile boolean restored;

    SlowRestore(CountDownLatch until) {
      this.until = until;
    }

    @Override
    public void unfreeze(FreezeReceipt receipt) {
      try {
        if (!until.await(20, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the restore was not heartbeated while it waited");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("the restore was interrupted half done", e);
      }
      restored = true;
    }

    @Override
    public FreezeReceipt prepare(FreezeSpec spec) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FreezeProof freeze(FreezeReceipt receipt) {
      throw new UnsupportedOperationException();
    }

    @Override
    public FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline) {
      throw new UnsupportedOperationException();
    }
  }
}
