package io.dtscutover.worker.dts;

import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.AwaitResult;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.StopQueueWait;
import io.dtscutover.dts.WaitCondition;
import io.dtscutover.dts.WaitCondition.ReadingVerdict;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every task that cutovers wait on in one region, in pages of {@code DescribeDtsJobs}, on one
 * thread, and decides each wait with the same {@link DtsActivitiesImpl.Hold} rules as a single
 * wait: each reading is timed when its page was read; a failed reading restarts the hold; a gap
 * longer than two read intervals plus {@link DtsActivitiesImpl#SLOW_READING} restarts it.
 *
 * <p>DTS filters {@code DescribeDtsJobs} by one job id or by job type, not by a list of ids, so a
 * cycle pages through the region's {@code MIGRATION} tasks, then its {@code SYNC} tasks, stopping
 * as soon as every watched task was seen. A watched task on no page gets its own {@code
 * DescribeDtsJobDetail}, whose answer (a reading, or "not found") decides. Pages wait in the {@link
 * DtsLane#ROUTINE} lane, behind every stop and every single-task reading.
 *
 * <p>The read interval is the longest of: the poll interval asked for, the time the pages take at
 * the rate allowed now, and the time the last cycle really took. When the rate cannot read every
 * watched task as often as asked, the waits report the interval they get ({@link
 * AwaitProgress#readInterval()}, {@link AwaitResult#readInterval()}) and the observer counts it.
 *
 * <p>A quiet window that has held does not end its wait at once: it queues for the region's stop
 * budget ({@link StopAdmission}, at the pace of {@link DtsClient#finishesPerSecond}), stays watched
 * meanwhile, and ends on the reading of the cycle its turn comes in, with the time it waited
 * ({@link StopQueueWait}) in its result and, while it waits, in its heartbeat.
 */
final class RegionReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RegionReader.class);

  /** The largest page DTS documents for {@code DescribeDtsJobs}. */
  static final int PAGE_SIZE = 100;

  static final List<String> JOB_TYPES = List.of("MIGRATION", "SYNC");

  /** A throttled page is read again this many times (each after the limiter slowed down). */
  private static final int THROTTLED_PAGE_ATTEMPTS = 5;

  private final String regionId;
  private final DtsClient client;
  private final ActivityCompletionClient completions;
  private final ExecutorService replies;

  /**
   * How many of a region's completions go to the server at once. A page may end a dozen waits; one
   * after another, each a round trip to the server, the last came over a second after its reading
   * at 1,000 cutovers on two cores.
   */
  private static final int ENDING_THREADS = 4;

  /**
   * Completions and failures, on threads of their own: a finished wait must not queue behind the
   * heartbeats of hundreds of waiting ones (the shared reply pool), or its stop comes late. Each
   * wait ends once ({@link Waiter#finish}), so their order does not matter.
   */
  private final ExecutorService endings;

  private final Clock clock;
  private final DtsCallObserver observer;
  private final Consumer<JobSnapshot> readings;
  private final TimeInCalls inCalls;
  private final List<Waiter> waiters = new ArrayList<>();
  private final StopAdmission<Waiter> admission = new StopAdmission<>();
  private final FinishCap finishCap;
  private final Thread reader;
  private final Thread ticker;
  private volatile boolean closed;
  private boolean lastMet = true;

  RegionReader(
      String regionId,
      DtsClient client,
      ActivityCompletionClient completions,
      ExecutorService replies,
      Clock clock,
      DtsCallObserver observer,
      Consumer<JobSnapshot> readings) {
    this(
        regionId,
        client,
        completions,
        replies,
        clock,
        observer,
        readings,
        new FinishCap(Integer.MAX_VALUE, FinishCap.SLOT_TIMEOUT, clock));
  }

  /** A reader whose held windows also wait for a slot of the worker's {@code finishCap}. */
  RegionReader(
      String regionId,
      DtsClient client,
      ActivityCompletionClient completions,
      ExecutorService replies,
      Clock clock,
      DtsCallObserver observer,
      Consumer<JobSnapshot> readings,
      FinishCap finishCap) {
    this.finishCap = finishCap;
    this.readings = readings;
    this.regionId = regionId;
    this.client = client;
    this.completions = completions;
    this.replies = replies;
    AtomicInteger endingThreads = new AtomicInteger();
    this.endings =
        Executors.newFixedThreadPool(
            ENDING_THREADS,
            task -> {
              Thread thread =
                  new Thread(
                      task, "dts-await-end-" + regionId + "-" + endingThreads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.clock = clock;
    this.observer = observer;
    this.inCalls = new TimeInCalls(clock);
    this.reader = new Thread(this::readLoop, "dts-reader-" + regionId);
    this.reader.setDaemon(true);
    this.ticker = new Thread(this::heartbeatLoop, "dts-heartbeats-" + regionId);
    this.ticker.setDaemon(true);
    reader.start();
    ticker.start();
  }

  synchronized void register(Waiter waiter) {
    waiters.add(waiter);
    notifyAll();
  }

  private synchronized List<Waiter> current() throws InterruptedException {
    while (true) {
      Instant now = clock.instant();
      waiters.removeIf(waiter -> waiter.finished() || (waiter.expired(now) && waiter.finish()));
      if (!waiters.isEmpty() || closed) {
        return List.copyOf(waiters);
      }
      wait();
    }
  }

  private void readLoop() {
    while (!closed) {
      try {
        List<Waiter> watched = current();
        if (watched.isEmpty()) {
          continue;
        }
        long startedNanos = System.nanoTime();
        Duration asked = cycle(watched, startedNanos);
        long leftNanos = asked.toNanos() - (System.nanoTime() - startedNanos);
        if (leftNanos > 0) {
          Thread.sleep(leftNanos / 1_000_000, (int) (leftNanos % 1_000_000));
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.error("the DTS reader of {} failed a cycle; reading again", regionId, e);
      }
    }
  }

  /** One reading of every watched task. Returns the poll interval asked for. */
  private Duration cycle(List<Waiter> watched, long startedNanos) {
    Duration asked = watched.get(0).request.pollInterval();
    Set<String> wanted = new HashSet<>();
    for (Waiter waiter : watched) {
      wanted.add(waiter.request.job().jobId());
      if (waiter.request.pollInterval().compareTo(asked) < 0) {
        asked = waiter.request.pollInterval();
      }
    }
    Map<String, JobSnapshot> seen = new HashMap<>();
    Map<String, DtsCallException> unreadable = new HashMap<>();
    DtsCallException pageFailure = null;
    int calls = 0;
    pages:
    for (String jobType : JOB_TYPES) {
      for (int page = 1; !seen.keySet().containsAll(wanted); page++) {
        JobPage read;
        try {
          read = readPage(jobType, page);
        } catch (DtsCallException e) {
          pageFailure = e;
          break pages;
        } finally {
          calls++;
        }
        for (JobSnapshot job : read.jobs()) {
          if (wanted.contains(job.job().jobId())) {
            seen.put(job.job().jobId(), job);
            readings.accept(job);
          }
        }
        // Seen, but what DTS said of it cannot be true: a failed reading, quoting it.
        read.unreadable().keySet().stream()
            .filter(wanted::contains)
            .forEach(id -> seen.put(id, null));
        unreadable.putAll(read.unreadable());
        if (!read.more()) {
          break;
        }
      }
      if (seen.keySet().containsAll(wanted)) {
        break;
      }
    }
    int singles = 0;
    for (Waiter waiter : watched) {
      if (!seen.containsKey(waiter.request.job().jobId()) && pageFailure == null) {
        singles++;
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
    Duration byRate = tenths(client.timeFor(regionId, calls + singles));
    Duration interval = longest(asked, byRate);
    boolean met = interval.equals(asked);
    Duration tolerance = DtsActivitiesImpl.Hold.maxGap(longest(interval, took));
    for (Waiter waiter : watched) {
      if (waiter.finished()) {
        continue;
      }
      String id = waiter.request.job().jobId();
      AwaitResult result =
          decide(
              waiter, seen.get(id), unreadable.getOrDefault(id, pageFailure), interval, tolerance);
      if (result == null) {
        admission.leave(waiter); // not held (a breach, a failed or missing reading), or ended
        finishCap.leave(slotOf(waiter));
        waiter.hold.stopQueue = null;
      } else if (!endsInAStop(waiter.request)) {
        complete(waiter, result);
      } else {
        waiter.held = result; // this cycle's reading: the freshest evidence
        admission.held(waiter, result.reading().observedAt());
        finishCap.held(slotOf(waiter), result.reading().observedAt());
      }
    }
    admit(tolerance);
    observer.readInterval(regionId, interval, met);
    if (met != lastMet) {
      lastMet = met;
      if (met) {
        log.info("the tasks waited on in {} are read every {} again, as asked", regionId, asked);
      } else {
        log.warn(
            "{} tasks waited on in {} take {} calls per reading: at DTS's rate limit they are read"
                + " every {}, not every {} as asked",
            watched.size(),
            regionId,
            calls + singles,
            interval,
            asked);
      }
    }
    return asked;
  }

  /**
   * Lets held windows finish as fast as the region's budget takes their final calls and while the
   * worker's finish cap has a slot, first held first; the others stay queued, watched, and show
   * where they stand in their heartbeat. A wait completes only on a reading of this cycle (read
   * after the previous admission), and only while it is within the gap tolerance of now.
   */
  private void admit(Duration tolerance) {
    admission.removeIf(
        waiter -> {
          if (waiter.finished()) {
            finishCap.leave(slotOf(waiter));
            return true;
          }
          return false;
        });
    Instant now = clock.instant();
    for (StopAdmission.Turn<Waiter> turn :
        admission.admit(
            now,
            client.finishesPerSecond(regionId),
            waiter -> fresh(waiter.held, now, tolerance),
            waiter -> finishCap.take(slotOf(waiter)))) {
      Waiter waiter = turn.waiter();
      AwaitResult result = waiter.held;
      waiter.held = null;
      observer.stopQueueWait(regionId, turn.waited());
      if (turn.queued()) {
        result =
            result.withStopQueue(
                new StopQueueWait(turn.heldFrom(), turn.waited(), turn.ahead(), turn.cause()));
      }
      completeTurn(waiter, result);
    }
    for (StopAdmission.Turn<Waiter> standing : admission.queued(now)) {
      standing.waiter().hold.stopQueue =
          new StopQueueWait(
              standing.heldFrom(), standing.waited(), standing.ahead(), standing.cause());
      standing.waiter().updated();
    }
    observer.stopQueue(regionId, admission.size());
  }

  private static boolean fresh(AwaitResult held, Instant now, Duration tolerance) {
    return held != null
        && Duration.between(held.reading().observedAt(), now).compareTo(tolerance) <= 0;
  }

  /** The quiet window before the stop: a wait for zero lag held for a while. */
  static boolean endsInAStop(AwaitRequest request) {
    return request.condition() == WaitCondition.CAUGHT_UP
        && request.endsBeforeAStop()
        && request.holdFor() != null
        && !request.holdFor().isZero()
        && !request.holdFor().isNegative();
  }

  /** {@code d} rounded up to a tenth of a second, so it reads well and does not flicker. */
  private static Duration tenths(Duration d) {
    long tenths = (d.toMillis() + 99) / 100;
    return Duration.ofMillis(tenths * 100);
  }

  private static Duration longest(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private JobPage readPage(String jobType, int page) {
    for (int attempt = 1; ; attempt++) {
      try {
        return inCalls.during(() -> client.listJobs(regionId, jobType, page, PAGE_SIZE));
      } catch (DtsCallException e) {
        // A throttled page was not read; the limiter has slowed down, so read it again.
        if (!DtsFailures.THROTTLED.equals(e.type()) || attempt >= THROTTLED_PAGE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Judges one wait on this cycle's reading of its task: the result when its condition held long
   * enough, else {@code null} (also when the wait failed here).
   */
  private AwaitResult decide(
      Waiter waiter,
      JobSnapshot reading,
      DtsCallException pageFailure,
      Duration interval,
      Duration tolerance) {
    AwaitRequest request = waiter.request;
    DtsActivitiesImpl.Hold hold = waiter.hold;
    hold.readInterval = interval;
    if (interval.compareTo(request.pollInterval()) > 0) {
      hold.stretchedInterval = interval;
    }
    try {
      if (reading == null && pageFailure != null) {
        throw pageFailure;
      }
      if (reading == null || needsOwnReading(request, reading)) {
        // Not listed (released? another type?), or a lag whose unit matters: its own reading.
        reading =
            DtsLane.during(
                DtsLane.ROUTINE, () -> inCalls.during(() -> client.describe(request.job())));
      }
      // Time spent waiting in calls (at the limiter, behind others) since the last reading is
      // not unwatched time.
      Duration waited = inCalls.between(hold.lastSeen, reading.observedAt());
      AwaitResult result =
          hold.judge(request, reading, reading.observedAt(), tolerance.plus(waited));
      waiter.updated();
      return result;
    } catch (DtsCallException e) {
      if (!e.retryable()) {
        waiter.updated();
        fail(waiter, e.toApplicationFailure());
        return null;
      }
      hold.failed(request, e.getMessage(), clock.instant());
      waiter.updated();
      return null;
    } catch (ApplicationFailure unsafe) {
      waiter.updated();
      fail(waiter, unsafe);
      return null;
    }
  }

  /**
   * {@code DescribeDtsJobs} documents {@code Delay} in seconds while {@code DescribeDtsJobDetail}
   * says milliseconds; only zero is the same in both. A lag bound met by a non-zero page {@code
   * Delay} is therefore confirmed by the task's own reading.
   */
  private static boolean needsOwnReading(AwaitRequest request, JobSnapshot reading) {
    return request.condition() == WaitCondition.LAG_AT_MOST
        && reading.delayMillis() != null
        && reading.delayMillis() > 0
        && request.condition().evaluate(reading, request.maxLag()) == ReadingVerdict.MET;
  }

  private static String slotOf(Waiter waiter) {
    return FinishCap.keyOf(waiter.request.job());
  }

  /**
   * Ends a wait that took a slot of the finish cap; a wait that ended meanwhile (cancelled, timed
   * out) or whose result the server no longer takes frees the slot, since no stop follows.
   */
  private void completeTurn(Waiter waiter, AwaitResult result) {
    String slot = slotOf(waiter);
    if (!deliver(waiter, result, () -> finishCap.release(slot))) {
      finishCap.release(slot);
    }
  }

  private void complete(Waiter waiter, AwaitResult result) {
    deliver(waiter, result, () -> {});
  }

  /**
   * Completes the wait with {@code result}, unless it already ended ({@code false}); {@code
   * whenGone} runs if the server no longer takes the result.
   */
  private boolean deliver(Waiter waiter, AwaitResult result, Runnable whenGone) {
    if (!waiter.finish()) {
      return false;
    }
    end(
        () -> {
          try {
            completions.complete(waiter.taskToken, result);
          } catch (ActivityCompletionException gone) {
            whenGone.run();
            log.debug("a wait on {} ended before its result: {}", waiter.request.job(), gone);
          }
        });
    return true;
  }

  private void fail(Waiter waiter, Exception failure) {
    if (!waiter.finish()) {
      return;
    }
    end(
        () -> {
          try {
            completions.completeExceptionally(waiter.taskToken, failure);
          } catch (ActivityCompletionException gone) {
            log.debug("a wait on {} ended before its failure: {}", waiter.request.job(), gone);
          }
        });
  }

  /**
   * Heartbeats every wait that is due, whether or not DTS answers: a slow page or a throttled
   * region never lets a wait time out, and a wait the workflow cancelled (or the server timed out)
   * is dropped at its next heartbeat, so nothing reads for it any more.
   */
  private void heartbeatLoop() {
    while (!closed) {
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
      List<Waiter> due = new ArrayList<>();
      Instant now = clock.instant();
      synchronized (this) {
        for (Waiter waiter : waiters) {
          if (!waiter.finished() && waiter.heartbeatDue(now)) {
            due.add(waiter);
          }
        }
      }
      for (Waiter waiter : due) {
        reply(() -> heartbeat(waiter));
      }
    }
  }

  private void heartbeat(Waiter waiter) {
    if (waiter.finished()) {
      return;
    }
    try {
      completions.heartbeat(waiter.taskToken, waiter.progress());
    } catch (ActivityCanceledException cancelled) {
      if (waiter.finish()) {
        try {
          completions.reportCancellation(waiter.taskToken, waiter.progress());
        } catch (ActivityCompletionException gone) {
          // already over
        }
      }
    } catch (ActivityCompletionException gone) {
      waiter.finish(); // timed out or completed elsewhere: stop reading for it
    } catch (RuntimeException e) {
      log.debug("heartbeat of a wait on {} failed: {}", waiter.request.job(), e.toString());
    }
  }

  private void end(Runnable ending) {
    try {
      endings.execute(ending);
    } catch (RejectedExecutionException closing) {
      // the worker is shutting down; the server retries the wait elsewhere
    }
  }

  private void reply(Runnable reply) {
    try {
      replies.execute(reply);
    } catch (RejectedExecutionException closing) {
      // the worker is shutting down; the server retries the wait elsewhere
    }
  }

  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    ticker.interrupt();
    endings.shutdown();
  }
}
