package io.dtscutover.dts;

import io.dtscutover.dts.WaitCondition.Verdict;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DtsActivities} over a {@link DtsClient}. Every failure leaves as an {@code
 * ApplicationFailure} typed with {@link DtsFailures}; throttling carries a next-retry delay.
 *
 * <p>{@link #awaitCondition} is a heartbeating polling loop (DESIGN section 5): one reading every
 * {@code pollInterval}, an {@link AwaitProgress} heartbeat after each, and on a retry it resumes
 * from the last heartbeat (readings so far and since when the condition held). A transient DTS
 * error inside the loop is logged and the loop goes on, still heartbeating, so one throttled call
 * does not end a long wait; a permanent one ends it.
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

  /**
   * Activities on the Alibaba SDK configured from {@code env} ({@link DtsSettings}); throws an
   * {@code ApplicationFailure} of type {@link DtsFailures#CONFIGURATION} naming what is missing.
   */
  public static DtsActivitiesImpl fromEnvironment(Map<String, String> env) {
    try {
      return new DtsActivitiesImpl(new AlibabaDtsClient(DtsSettings.fromEnvironment(env)));
    } catch (DtsCallException e) {
      throw e.toApplicationFailure();
    }
  }

  @Override
  public JobSnapshot describeJob(JobRef job) {
    try {
      return client.describe(job);
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
  public JobSnapshot awaitCondition(AwaitRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    AwaitProgress resumed = context.getHeartbeatDetails(AwaitProgress.class).orElse(null);
    Instant heldSince = resumed == null ? null : resumed.heldSince();
    JobSnapshot last = resumed == null ? null : resumed.last();
    long polls = resumed == null ? 0 : resumed.polls();
    Duration holdFor = request.holdFor() == null ? Duration.ZERO : request.holdFor();
    // A hold counts only while it is watched: resume it only from a reading we know the time of.
    Instant lastSeen = last == null ? null : last.observedAt();
    if (lastSeen == null) {
      heldSince = null;
    }
    Duration maxGap = request.pollInterval().multipliedBy(2).plus(SLOW_READING);
    while (true) {
      JobSnapshot reading;
      try {
        reading = client.describe(request.job());
      } catch (DtsCallException e) {
        if (!e.retryable()) {
          throw e.toApplicationFailure();
        }
        log.warn(
            "waiting for {} on {}: a DTS call failed, polling on: {}",
            request.condition(),
            request.job(),
            e.getMessage());
        context.heartbeat(new AwaitProgress(heldSince, last, polls));
        pause(request.pollInterval());
        continue;
      }
      polls++;
      last = reading;
      Instant seenAt = clock.instant();
      if (heldSince != null
          && lastSeen != null
          && Duration.between(lastSeen, seenAt).compareTo(maxGap) > 0) {
        log.info(
            "waiting for {} on {}: no reading for {}, so the hold restarts",
            request.condition(),
            request.job(),
            Duration.between(lastSeen, seenAt));
        heldSince = null;
      }
      lastSeen = seenAt;
      Verdict verdict = request.condition().evaluate(reading, request.maxLag());
      if (verdict == Verdict.UNSAFE) {
        context.heartbeat(new AwaitProgress(null, reading, polls));
        throw ApplicationFailure.newNonRetryableFailure(
            "waiting for "
                + request.condition()
                + " on "
                + request.job()
                + " cannot succeed: the task is "
                + reading.describe()
                + (reading.errorMessage() == null ? "" : " (" + reading.errorMessage() + ")")
                + " [request id "
                + reading.requestId()
                + "]",
            DtsFailures.JOB_STATE_UNSAFE);
      }
      if (verdict == Verdict.MET) {
        if (heldSince == null) {
          heldSince = seenAt;
        }
        if (Duration.between(heldSince, seenAt).compareTo(holdFor) >= 0) {
          context.heartbeat(new AwaitProgress(heldSince, reading, polls));
          return reading;
        }
      } else {
        heldSince = null;
      }
      context.heartbeat(new AwaitProgress(heldSince, reading, polls));
      pause(request.pollInterval());
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
