package io.dtscutover.worker;

import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's write-freeze activities with a restore that heartbeats: while {@link #unfreeze}
 * runs, a daemon thread heartbeats it every {@code interval}, so the server notices a dead worker's
 * restore within the restore's heartbeat timeout and gives it to a live worker, instead of waiting
 * out its start-to-close timeout with the source still frozen. A restore that waits (for a lock on
 * the database) keeps heartbeating: it is alive, not lost.
 *
 * <p>A heartbeat never stops a restore: when the SDK answers that the attempt was cancelled or is
 * over, the restore still runs to its end, because a restore is always safe to finish and a half
 * done one is not. The strategies know nothing of this (they run outside activities in tests); the
 * other calls pass through unchanged.
 */
final class HeartbeatingRestore implements WriteFreezeActivities {
  private static final Logger log = LoggerFactory.getLogger(HeartbeatingRestore.class);

  /**
   * One daemon thread beats for every restore in this JVM: a beat only hands details to the SDK.
   */
  private static final ScheduledExecutorService BEATS =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "restore-heartbeat");
            thread.setDaemon(true);
            return thread;
          });

  private final WriteFreezeActivities activities;
  private final Duration interval;

  HeartbeatingRestore(WriteFreezeActivities activities, Duration interval) {
    this.activities = Objects.requireNonNull(activities, "activities");
    this.interval = Objects.requireNonNull(interval, "interval");
  }

  @Override
  public FreezeReceipt prepare(FreezeSpec spec) {
    return activities.prepare(spec);
  }

  @Override
  public FreezeProof freeze(FreezeReceipt receipt) {
    return activities.freeze(receipt);
  }

  @Override
  public FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline) {
    return activities.verify(receipt, baseline);
  }

  @Override
  public void unfreeze(FreezeReceipt receipt) {
    try (Beats beats = new Beats(Activity.getExecutionContext(), receipt.spec().cutoverId())) {
      beats.start(interval);
      activities.unfreeze(receipt);
    }
  }

  /** The heartbeats of one restore attempt, from its start until {@link #close}. */
  private static final class Beats implements AutoCloseable {
    private final ActivityExecutionContext context;
    private final String cutoverId;
    private ScheduledFuture<?> schedule;
    private boolean closed;
    private boolean attemptOver;

    Beats(ActivityExecutionContext context, String cutoverId) {
      this.context = context;
      this.cutoverId = cutoverId;
    }

    synchronized void start(Duration interval) {
      schedule =
          BEATS.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The SDK's context is thread-safe; it throttles what reaches the server. */
    private synchronized void beat() {
      if (closed) {
        return;
      }
      try {
        context.heartbeat(null);
      } catch (ActivityCompletionException over) {
        // Cancelled, timed out or gone: the restore goes on all the same, and heartbeats keep
        // telling the server it is alive, so no second attempt starts beside it.
        if (!attemptOver) {
          attemptOver = true;
          log.info(
              "{}: the restore's attempt is over for Temporal ({}); the restore runs to its end",
              cutoverId,
              over.getClass().getSimpleName());
        }
      } catch (RuntimeException e) {
        // An exception escaping would end the schedule silently: keep beating.
        log.warn("{}: restore heartbeat failed: {}", cutoverId, e.toString());
      }
    }

    /** Waits for a beat in flight, so none reaches the server after the attempt completed. */
    @Override
    public synchronized void close() {
      closed = true;
      if (schedule != null) {
        schedule.cancel(false);
      }
    }
  }
}
