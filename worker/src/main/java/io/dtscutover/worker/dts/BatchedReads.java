package io.dtscutover.worker.dts;

import io.dtscutover.dts.AwaitProgress;
import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCompletionClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The batched readers of one worker process: one {@link RegionReader} per region (the client holds
 * one access key, so per (account, region)), created when the first wait in that region registers.
 * Replies to Temporal (heartbeats, completions) go through a small shared pool so that a slow
 * server never delays a reading. The readers share one {@link FinishCap}: the process's held
 * windows go to their stops at most {@link DtsClient#finishCap()} at a time, across regions, and
 * none while the Temporal server is behind on the worker's workflow tasks.
 */
final class BatchedReads implements AutoCloseable {
  private static final int REPLY_THREADS = 4;

  private final DtsClient client;
  private final ActivityCompletionClient completions;
  private final Clock clock;
  private final DtsCallObserver observer;
  private final ExecutorService replies;
  private final Map<String, RegionReader> readers = new ConcurrentHashMap<>();
  private final Consumer<JobSnapshot> readings;
  private final FinishCap finishCap;
  private final BooleanSupplier serverBehind;

  /**
   * Readers over {@code client}, replying through {@code completions}; every reading of a watched
   * task is also handed to {@code readings}; no held window ends while {@code serverBehind}.
   */
  BatchedReads(
      DtsClient client,
      ActivityCompletionClient completions,
      Clock clock,
      DtsCallObserver observer,
      Consumer<JobSnapshot> readings,
      BooleanSupplier serverBehind) {
    this.readings = readings;
    this.client = client;
    this.completions = completions;
    this.clock = clock;
    this.observer = observer;
    this.serverBehind = serverBehind;
    observer.watchTemporal(serverBehind);
    this.finishCap = new FinishCap(client.finishCap(), FinishCap.SLOT_TIMEOUT, clock, serverBehind);
    AtomicInteger threads = new AtomicInteger();
    this.replies =
        Executors.newFixedThreadPool(
            REPLY_THREADS,
            task -> {
              Thread thread = new Thread(task, "dts-await-reply-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Hands a wait to the reader of its region; the reader completes the activity. */
  void register(AwaitRequest request, AwaitProgress resumed, ActivityInfo info, byte[] taskToken) {
    Waiter waiter = new Waiter(request, resumed, info, taskToken, clock.instant());
    readers
        .computeIfAbsent(
            request.job().regionId(),
            region ->
                new RegionReader(
                    region, client, completions, replies, clock, observer, readings, finishCap))
        .register(waiter);
  }

  /** {@code job}'s {@code StopDtsJob} was sent: its finish no longer counts against the cap. */
  void stopSent(JobRef job) {
    finishCap.release(FinishCap.keyOf(job));
  }

  /**
   * Whether this worker is behind on its cutovers' steps: the Temporal server is behind on its
   * workflow tasks, or a window let go more than {@link FinishCap#LATE} ago has not reached its
   * stop.
   */
  boolean behind() {
    return serverBehind.getAsBoolean() || finishCap.anyLate();
  }

  @Override
  public void close() {
    readers.values().forEach(RegionReader::close);
    replies.shutdownNow();
  }
}
