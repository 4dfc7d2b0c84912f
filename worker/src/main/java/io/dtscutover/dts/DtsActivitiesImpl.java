package io.dtscutover.dts;

import io.dtscutover.dts.WaitCondition.Verdict;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

  private final Clock clock;

  /** Activities over {@code client}, timed by the system clock. */
  public DtsActivitiesImpl(DtsClient client) {
    this(client, Clock.systemUTC());
  }

  public DtsActivitiesImpl(DtsClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @Override
  public JobSnapshot describeJob(JobRef job) {
    try {
      JobSnapshot detail = client.describe(job);
      return detail.withFullLoadStatus(client.describeFullLoad(job).rawStatus());
    } catch (DtsCallException e) {
      throw e.toApplicationFailure();
    }
  }

  @Override
  public DtsCallResult stopJob(JobRef job) {
    try {
      return client.stop(job);
    } catch (DtsCallException e) {
      throw e.toApplicationFailure();
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
    Hold hold = new Hold(resumed);
    Duration holdFor = request.holdFor() == null ? Duration.ZERO : request.holdFor();
    Duration maxGap = request.pollInterval().multipliedBy(2).plus(SLOW_READING);
    while (true) {
      JobSnapshot reading;
      try {
        reading = client.describe(request.job());
      } catch (DtsCallException e) {
        if (!e.retryable()) {
          throw e.toApplicationFailure();
        }
        // Time nobody watched is not quiet time: a failed reading restarts the hold.
        hold.failed(e.getMessage(), clock.instant());
        log.warn(
            "waiting for {} on {}: a DTS reading failed ({} so far), the hold restarts: {}",
            request.condition(),
            request.job(),
            hold.failedReadings,
            hold.lastError);
        context.heartbeat(hold.progress());
        pause(request.pollInterval());
        continue;
      }
      Instant seenAt = clock.instant();
      if (hold.heldSince != null
          && hold.lastSeen != null
          && Duration.between(hold.lastSeen, seenAt).compareTo(maxGap) > 0) {
        log.info(
            "waiting for {} on {}: no reading for {}, so the hold restarts",
            request.condition(),
            request.job(),
            Duration.between(hold.lastSeen, seenAt));
        hold.restart();
      }
      hold.read(reading, seenAt);
      Verdict verdict = request.condition().evaluate(reading, request.maxLag());
      if (verdict == Verdict.UNSAFE) {
        hold.restart();
        context.heartbeat(hold.progress());
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
      if (verdict == Verdict.MET) {
        if (hold.heldSince == null) {
          hold.heldSince = seenAt;
        }
        if (Duration.between(hold.heldSince, seenAt).compareTo(holdFor) >= 0) {
          context.heartbeat(hold.progress());
          return new AwaitResult(reading, hold.holdRestarts, hold.failedReadings);
        }
      } else {
        hold.restart();
      }
      context.heartbeat(hold.progress());
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

    void read(JobSnapshot reading, Instant at) {
      polls++;
      last = reading;
      lastSeen = at;
      lastError = null;
      lastErrorAt = null;
    }

    AwaitProgress progress() {
      return new AwaitProgress(
          heldSince, last, polls, holdRestarts, failedReadings, lastError, lastErrorAt);
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
