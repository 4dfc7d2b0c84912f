package io.dtscutover.worker.dts;

import io.dtscutover.dts.AwaitProgress;
import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.AwaitResult;
import io.dtscutover.dts.DtsActivities;
import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.StopQueueWait;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.dts.VerificationWait;
import io.dtscutover.dts.WaitCondition.ReadingVerdict;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.common.Priority;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DtsActivities} over a {@link DtsClient}. Every failure leaves as an {@code
 * ApplicationFailure} typed with {@link DtsFailures}; throttling carries a next-retry delay.
 *
 * <p>{@link #awaitCondition} is a heartbeating polling loop (docs/design.md, "Activities"): one
 * reading every {@code pollInterval}, an {@link AwaitProgress} heartbeat after each, and on a retry
 * it resumes from the last heartbeat (readings so far and since when the condition held). A
 * transient DTS error inside the loop (throttling, 5xx, an unreadable answer) restarts any hold,
 * because time nobody watched is not quiet time, and the loop goes on, heartbeating the error so
 * that {@code status} and {@code watch} show it; a permanent one ends the wait.
 */
public final class DtsActivitiesImpl implements DtsActivities {
  private static final Logger log = LoggerFactory.getLogger(DtsActivitiesImpl.class);

  private final DtsClient client;

  /**
   * Beyond two poll intervals, how late a reading may be (a slow or throttled DTS answer) before
   * the gap counts as unwatched time and a held condition must start over.
   */
  static final Duration SLOW_READING = Duration.ofSeconds(10);

  /** The Temporal priority key the workflow gives the calls that end the downtime. */
  static final int URGENT_PRIORITY_KEY = 1;

  private final Clock clock;
  private volatile BatchedReads batched;

  /**
   * Tasks whose full load this process saw Finished. Finished is final, so the reading before the
   * stop needs no second {@code DescribeDtsJobs} for it: one DTS call fewer after the window held.
   */
  private final Set<String> fullLoadsFinished = ConcurrentHashMap.newKeySet();

  /** The start pace ({@link #paceStarts}); null when starts are not paced. */
  private volatile StartPace starts;

  private static final int MAX_REMEMBERED = 100_000;
  private static final String FINISHED = "Finished";

  /** Activities over {@code client}, timed by the system clock. */
  public DtsActivitiesImpl(DtsClient client) {
    this(client, Clock.systemUTC());
  }

  public DtsActivitiesImpl(DtsClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * From now on, waits are read in batches: one {@link BatchedReads} reader per region reads every
   * waiting task in pages of {@code DescribeDtsJobs}, heartbeats for the waiting activities and
   * completes them through {@code completions}, so that a wait holds no activity slot or thread.
   * Without this (activity test environments), each wait polls its own task.
   */
  public DtsActivitiesImpl readInBatches(
      ActivityCompletionClient completions, DtsCallObserver observer) {
    return readInBatches(completions, observer, () -> false);
  }

  /**
   * Like {@link #readInBatches(ActivityCompletionClient, DtsCallObserver)}, holding back held
   * windows and new cutovers while {@code serverBehind} says the Temporal server is behind on this
   * worker's workflow tasks.
   */
  public DtsActivitiesImpl readInBatches(
      ActivityCompletionClient completions,
      DtsCallObserver observer,
      BooleanSupplier serverBehind) {
    this.batched =
        new BatchedReads(
            client, completions, clock, observer, this::rememberFullLoad, serverBehind);
    return paceStarts(RateClock.system());
  }

  /**
   * From now on, the task readings that are not urgent (a cutover's preflight) wait for the
   * worker's {@link StartPace}, timed by {@code rateClock}: they yield while the worker is behind
   * on its cutovers' steps, then take a permit of {@link DtsClient#startsPerSecond} across regions,
   * so that a burst of starts over many regions does not hold back the workflow tasks of cutovers
   * already frozen.
   */
  DtsActivitiesImpl paceStarts(RateClock rateClock) {
    return paceStarts(new StartPace(client.startsPerSecond(), this::behind, rateClock));
  }

  /** From now on, the task readings that are not urgent wait for {@code pace}. */
  DtsActivitiesImpl paceStarts(StartPace pace) {
    this.starts = pace;
    return this;
  }

  /** Whether this worker is behind on its cutovers' steps ({@link BatchedReads#behind}). */
  private boolean behind() {
    BatchedReads reads = batched;
    return reads != null && reads.behind();
  }

  /** Stops the batched readers (a closing worker). */
  public void stopReading() {
    BatchedReads reads = batched;
    if (reads != null) {
      reads.close();
    }
  }

  /**
   * The task's own reading. One the workflow marked urgent (Temporal priority key 1: the reading
   * right before the stop) goes ahead of everything but stops and deletes at the rate limiter.
   */
  @Override
  @SuppressWarnings("try") // the start permit is held for the call, never read
  public JobSnapshot describeJob(JobRef job) {
    boolean urgent = urgent();
    DtsLane lane = urgent ? DtsLane.URGENT : DtsLane.PER_JOB;
    try (DtsRateLimiter.Permit start = urgent ? null : startPermit()) {
      return DtsLane.during(
          lane,
          () -> {
            JobSnapshot detail = client.describe(job);
            if (detail.fullLoadConfigured() && fullLoadsFinished.contains(job.jobId())) {
              // A finished full load never starts again: no need to ask DTS once more.
              return detail.withFullLoadStatus(FINISHED);
            }
            JobSnapshot full = detail.withFullLoadStatus(client.describeFullLoad(job).rawStatus());
            rememberFullLoad(full);
            return full;
          });
    } catch (DtsCallException e) {
      throw e.toApplicationFailure();
    }
  }

  /** A permit of the process's start pace, or null when starts are not paced. */
  private DtsRateLimiter.Permit startPermit() {
    StartPace pace = starts;
    if (pace == null) {
      return null;
    }
    try {
      return pace.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DtsCallException.transientFailure(
          DtsFailures.TRANSIENT, "interrupted while waiting for the worker's start pace", null);
    }
  }

  /** Remembers a task whose full load DTS reported Finished (from a page or a lookup). */
  void rememberFullLoad(JobSnapshot reading) {
    if (reading.fullLoadStatus() == FullLoadStatus.FINISHED) {
      if (fullLoadsFinished.size() >= MAX_REMEMBERED) {
        fullLoadsFinished.clear(); // bounded memory; forgetting only costs a lookup
      }
      fullLoadsFinished.add(reading.job().jobId());
    }
  }

  /** Whether the running activity is a retry (attempt 2 or later) of an earlier attempt. */
  private static boolean retriedAttempt() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt() > 1;
    } catch (IllegalStateException notInAnActivity) {
      return true;
    }
  }

  /** Whether the running activity was scheduled with priority key 1. */
  private static boolean urgent() {
    try {
      Priority priority = Activity.getExecutionContext().getInfo().getPriority();
      return priority != null && priority.getPriorityKey() == URGENT_PRIORITY_KEY;
    } catch (IllegalStateException notInAnActivity) {
      return false;
    }
  }

  /**
   * {@code StopDtsJob}. The first attempt sends it without a reading of its own: the workflow read
   * the task urgently just before (the reading that decided the stop), and a task already stopping
   * or Finished still ends {@code alreadyDone} through the refusal's re-read. A retried attempt
   * reads first, because an earlier attempt may have stopped the task.
   */
  @Override
  public DtsCallResult stopJob(JobRef job) {
    try {
      return client.stop(job, retriedAttempt());
    } catch (DtsCallException e) {
      throw e.toApplicationFailure();
    } finally {
      BatchedReads reads = batched;
      if (reads != null) {
        reads.stopSent(job); // the finish this wait was let go for has reached its stop
      }
    }
  }

  @Override
  public DtsCallResult deleteJob(JobRef job) {
    try {
      return client.delete(job);
    } catch (DtsCallException e) {
      throw e.toApplicationFailure();
    }
  }

  @Override
  public VerificationState describeVerification(JobRef job, VerificationMode mode) {
    try {
      return client.describeVerification(job, mode);
    } catch (DtsCallException e) {
      throw e.toApplicationFailure();
    }
  }

  /**
   * Polls until the verification is decided: it passes, or shows what waiting cannot fix
   * (differences, a failed check, a check not configured). A transient error is heartbeated and the
   * polling goes on; a permanent one ends the wait.
   */
  @Override
  public VerificationState awaitVerification(VerificationWait wait) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    while (true) {
      try {
        VerificationState state = client.describeVerification(wait.job(), wait.mode());
        context.heartbeat(state);
        if (state.passes() || state.hasDifferences() || state.failed() || !state.configured()) {
          return state;
        }
        log.info("waiting for DTS data verification on {}: {}", wait.job(), state.describe());
      } catch (DtsCallException e) {
        if (!e.retryable()) {
          throw e.toApplicationFailure();
        }
        log.warn(
            "waiting for DTS data verification on {}: a reading failed, polling on: {}",
            wait.job(),
            e.getMessage());
        context.heartbeat(null);
      }
      pause(wait.pollInterval());
    }
  }

  @Override
  public AwaitResult awaitCondition(AwaitRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    AwaitProgress resumed = context.getHeartbeatDetails(AwaitProgress.class).orElse(null);
    BatchedReads reads = batched;
    if (reads != null) {
      // The reader reads, heartbeats and completes for it: no thread and no slot held meanwhile.
      reads.register(request, resumed, context.getInfo(), context.getTaskToken());
      context.doNotCompleteOnReturn();
      return null;
    }
    Hold hold = new Hold(resumed);
    Duration maxGap = Hold.maxGap(request.pollInterval());
    while (true) {
      JobSnapshot reading;
      try {
        reading = client.describe(request.job());
      } catch (DtsCallException e) {
        if (!e.retryable()) {
          throw e.toApplicationFailure();
        }
        hold.failed(request, e.getMessage(), clock.instant());
        context.heartbeat(hold.progress());
        pause(request.pollInterval());
        continue;
      }
      AwaitResult done;
      try {
        done = hold.judge(request, reading, clock.instant(), maxGap);
      } finally {
        context.heartbeat(hold.progress());
      }
      if (done != null) {
        return done;
      }
      pause(request.pollInterval());
    }
  }

  /** The state of one wait, resumed from the last heartbeat of an earlier attempt. */
  static final class Hold {
    Instant heldSince;
    JobSnapshot last;
    Instant lastSeen;
    long polls;
    int holdRestarts;
    int failedReadings;
    String lastError;
    Instant lastErrorAt;
    Duration readInterval;

    /** The read interval when it was ever longer than the one asked for, else {@code null}. */
    Duration stretchedInterval;

    /** While the held window waits for its region's stop budget: where it stands. */
    StopQueueWait stopQueue;

    Hold(AwaitProgress resumed) {
      if (resumed == null) {
        return;
      }
      last = resumed.last();
      polls = resumed.polls();
      holdRestarts = resumed.holdRestarts();
      failedReadings = resumed.failedReadings();
      lastError = resumed.lastError();
      lastErrorAt = resumed.lastErrorAt();
      // A hold counts only while it is watched: resume it only from a good latest reading whose
      // time we know.
      lastSeen = last == null ? null : last.observedAt();
      heldSince = lastSeen == null || lastError != null ? null : resumed.heldSince();
    }

    void restart() {
      if (heldSince != null) {
        holdRestarts++;
        heldSince = null;
      }
    }

    void failed(String error, Instant at) {
      restart();
      failedReadings++;
      lastError = ErrorText.oneLine(error);
      lastErrorAt = at;
    }

    /** A reading failed: time nobody watched is not quiet time, so the hold restarts. */
    void failed(AwaitRequest request, String error, Instant at) {
      failed(error, at);
      log.warn(
          "waiting for {} on {}: a DTS reading failed ({} so far), the hold restarts: {}",
          request.condition(),
          request.job(),
          failedReadings,
          lastError);
    }

    /**
     * How long readings may be apart before the gap counts as unwatched time: two of the intervals
     * at which the task is really read, plus {@link #SLOW_READING} for a slow answer.
     */
    static Duration maxGap(Duration readInterval) {
      return readInterval.multipliedBy(2).plus(SLOW_READING);
    }

    /**
     * Takes one good reading seen at {@code seenAt} (its true time). Returns the result when the
     * wait is over, {@code null} to read again; throws a non-retryable {@link
     * DtsFailures#JOB_STATE_UNSAFE} failure when waiting cannot succeed.
     */
    AwaitResult judge(AwaitRequest request, JobSnapshot reading, Instant seenAt, Duration maxGap) {
      if (heldSince != null
          && lastSeen != null
          && Duration.between(lastSeen, seenAt).compareTo(maxGap) > 0) {
        log.info(
            "waiting for {} on {}: no reading for {}, so the hold restarts",
            request.condition(),
            request.job(),
            Duration.between(lastSeen, seenAt));
        restart();
      }
      read(reading, seenAt);
      ReadingVerdict verdict = request.condition().evaluate(reading, request.maxLag());
      if (verdict == ReadingVerdict.UNSAFE) {
        restart();
        throw ApplicationFailure.newNonRetryableFailure(
            "waiting for "
                + request.condition()
                + " on "
                + request.job()
                + " cannot succeed: the task is "
                + reading.describe()
                + (reading.errorMessage() == null
                    ? ""
                    : "; DTS says: " + ErrorText.oneLine(reading.errorMessage()))
                + " [request id "
                + reading.requestId()
                + "]",
            DtsFailures.JOB_STATE_UNSAFE);
      }
      if (verdict != ReadingVerdict.MET) {
        restart();
        return null;
      }
      if (heldSince == null) {
        heldSince = seenAt;
      }
      Duration holdFor = request.holdFor() == null ? Duration.ZERO : request.holdFor();
      if (Duration.between(heldSince, seenAt).compareTo(holdFor) < 0) {
        return null;
      }
      return new AwaitResult(reading, holdRestarts, failedReadings, stretchedInterval);
    }

    void read(JobSnapshot reading, Instant at) {
      polls++;
      last = reading;
      lastSeen = at;
      lastError = null;
      lastErrorAt = null;
    }

    AwaitProgress progress() {
      return new AwaitProgress(
          heldSince,
          last,
          polls,
          holdRestarts,
          failedReadings,
          lastError,
          lastErrorAt,
          readInterval,
          stopQueue);
    }
  }

  private static void pause(Duration interval) {
    try {
      Thread.sleep(interval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure(
          "interrupted while waiting between DTS readings", DtsFailures.TRANSIENT);
    }
  }
}
