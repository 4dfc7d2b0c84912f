package io.dtscutover.workflow;

import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.AwaitResult;
import io.dtscutover.dts.DtsActivities;
import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.dts.VerificationWait;
import io.dtscutover.dts.WaitCondition;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * DTS faked at the activity interface: describes play a script, waits end at once with a reading
 * that meets their condition unless told to hang or fail, and every call is recorded. Shared with
 * the other modules' tests through the workflows test-jar.
 */
public final class FakeDtsActivities implements DtsActivities {
  private final Deque<JobSnapshot> describes = new ArrayDeque<>();
  private JobSnapshot lastDescribe;
  private final Set<WaitCondition> hanging = EnumSet.noneOf(WaitCondition.class);
  private final Set<WaitCondition> polling = EnumSet.noneOf(WaitCondition.class);
  private final Map<WaitCondition, AwaitResult> awaitResults = new EnumMap<>(WaitCondition.class);
  private final Map<WaitCondition, ApplicationFailure> awaitFailures =
      new EnumMap<>(WaitCondition.class);
  private final Deque<ApplicationFailure> describeFailures = new ArrayDeque<>();
  private ApplicationFailure deleteFailure;
  private ApplicationFailure stopFailure;
  private final Deque<ApplicationFailure> stopFailures = new ArrayDeque<>();
  private int describeCalls;
  private int throttleAfter = Integer.MAX_VALUE;
  private ApplicationFailure failureAfter;
  private int holdAt;
  private Hold describeHold;
  private volatile Hold stopHold;

  private VerificationState verificationRead;
  private VerificationState verificationAwaited;
  private boolean verificationHangs;

  /**
   * A task that has caught up (zero lag, {@code Catched}) and whose stop succeeds: the shortest
   * road to a completed cutover, for tests about what happens around the workflow.
   */
  public static FakeDtsActivities caughtUp() {
    return new FakeDtsActivities().describes(Snapshots.incremental(0));
  }

  /** Every call, as {@code method:detail}, in order. */
  public final List<String> calls = new CopyOnWriteArrayList<>();

  /** Every wait asked for, in order. */
  public final List<AwaitRequest> awaits = new CopyOnWriteArrayList<>();

  /** Describes return these readings in turn; the last one repeats. */
  public FakeDtsActivities describes(JobSnapshot... readings) {
    describes.addAll(List.of(readings));
    return this;
  }

  /** From now on describes return these readings in turn, whatever was scripted before. */
  synchronized FakeDtsActivities nowReads(JobSnapshot... readings) {
    describes.clear();
    describes.addAll(List.of(readings));
    return this;
  }

  /**
   * After {@code okCalls} describes, every describe is throttled with a one-minute retry delay,
   * which the test server skips.
   */
  FakeDtsActivities throttledAfter(int okCalls) {
    throttleAfter = okCalls;
    return this;
  }

  /** After {@code okCalls} describes, every describe fails with {@code failure}. */
  FakeDtsActivities describeFailsAfter(int okCalls, ApplicationFailure failure) {
    throttleAfter = okCalls;
    failureAfter = failure;
    return this;
  }

  /** The describe number {@code callNumber} (from 1) waits in {@code hold}. */
  FakeDtsActivities describeHeldAt(int callNumber, Hold hold) {
    holdAt = callNumber;
    describeHold = hold;
    return this;
  }

  /** The first stop waits in {@code hold}, then answers as scripted. */
  FakeDtsActivities stopHeld(Hold hold) {
    stopHold = hold;
    return this;
  }

  /** The next stops fail with these failures, in order; later stops succeed. */
  FakeDtsActivities stopFailsFirst(ApplicationFailure... failures) {
    stopFailures.addAll(List.of(failures));
    return this;
  }

  /** The wait for {@code condition} never succeeds: every attempt says "not yet". */
  FakeDtsActivities hang(WaitCondition condition) {
    hanging.add(condition);
    return this;
  }

  /**
   * The wait for {@code condition} stays open, like the real one while DTS answers garbage: it
   * heartbeats until it learns that it was cancelled or has ended (the heartbeat then throws).
   * Unlike {@link #hang}, it holds the test server's time skipping while it runs.
   */
  FakeDtsActivities keepsPolling(WaitCondition condition) {
    polling.add(condition);
    return this;
  }

  FakeDtsActivities awaitReturns(WaitCondition condition, JobSnapshot reading) {
    return awaitReturns(condition, AwaitResult.of(reading));
  }

  FakeDtsActivities awaitReturns(WaitCondition condition, AwaitResult result) {
    awaitResults.put(condition, result);
    return this;
  }

  FakeDtsActivities awaitFails(WaitCondition condition, ApplicationFailure failure) {
    awaitFailures.put(condition, failure);
    return this;
  }

  /** The next describes fail with these failures, in order, before the script resumes. */
  FakeDtsActivities describeFailsFirst(ApplicationFailure... failures) {
    describeFailures.addAll(List.of(failures));
    return this;
  }

  FakeDtsActivities stopFails(ApplicationFailure failure) {
    stopFailure = failure;
    return this;
  }

  FakeDtsActivities deleteFails(ApplicationFailure failure) {
    deleteFailure = failure;
    return this;
  }

  /** What describeVerification answers (default: every check passed on one table). */
  FakeDtsActivities verificationReads(VerificationState state) {
    verificationRead = state;
    return this;
  }

  /** What awaitVerification returns (default: every check passed on one table). */
  FakeDtsActivities verificationAwaits(VerificationState state) {
    verificationAwaited = state;
    return this;
  }

  /** awaitVerification never returns: the checks never complete. */
  FakeDtsActivities verificationHangs() {
    verificationHangs = true;
    return this;
  }

  public List<String> callsTo(String method) {
    List<String> matching = new ArrayList<>();
    for (String call : calls) {
      if (call.startsWith(method + ":")) {
        matching.add(call);
      }
    }
    return matching;
  }

  @Override
  public JobSnapshot describeJob(JobRef job) {
    int call;
    synchronized (this) {
      call = ++describeCalls;
    }
    if (call == holdAt) {
      describeHold.block();
    }
    return scriptedDescribe(job, call);
  }

  private synchronized JobSnapshot scriptedDescribe(JobRef job, int call) {
    calls.add("describeJob:" + job.jobId());
    if (call > throttleAfter && failureAfter != null) {
      throw failureAfter;
    }
    if (call > throttleAfter) {
      throw ApplicationFailure.newBuilder()
          .setMessage("Throttling.User: request was denied")
          .setType(DtsFailures.THROTTLED)
          .setNextRetryDelay(java.time.Duration.ofMinutes(1))
          .build();
    }
    if (!describeFailures.isEmpty()) {
      throw describeFailures.poll();
    }
    if (!describes.isEmpty()) {
      lastDescribe = describes.poll();
    }
    return lastDescribe;
  }

  @Override
  public AwaitResult awaitCondition(AwaitRequest request) {
    WaitCondition condition = request.condition();
    calls.add("awaitCondition:" + condition + ":" + request.holdFor());
    awaits.add(request);
    if (awaitFailures.containsKey(condition)) {
      throw awaitFailures.get(condition);
    }
    if (hanging.contains(condition)) {
      // Not met yet: fail retryably and let the server schedule the next attempt, a timer the
      // test server can skip, unlike an activity that blocks or completes asynchronously.
      throw ApplicationFailure.newBuilder()
          .setMessage(condition + " not met yet")
          .setType(DtsFailures.TRANSIENT)
          .setNextRetryDelay(java.time.Duration.ofMinutes(1))
          .build();
    }
    if (polling.contains(condition)) {
      ActivityExecutionContext context = Activity.getExecutionContext();
      while (true) {
        context.heartbeat(condition + " not met yet");
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw ApplicationFailure.newFailure("worker shutting down", DtsFailures.TRANSIENT);
        }
      }
    }
    if (awaitResults.containsKey(condition)) {
      return awaitResults.get(condition);
    }
    return AwaitResult.of(
        switch (condition) {
          case FULL_LOAD_FINISHED, STOPPED -> Snapshots.finished();
          case INCREMENTAL_RUNNING -> Snapshots.incremental(60_000);
          case LAG_AT_MOST -> Snapshots.incremental(Math.min(1000, request.maxLag().toMillis()));
          case CAUGHT_UP -> Snapshots.incremental(0);
        });
  }

  @Override
  public DtsCallResult stopJob(JobRef job) {
    calls.add("stopJob:" + job.jobId());
    Hold hold = stopHold;
    if (hold != null) {
      stopHold = null;
      hold.block();
    }
    ApplicationFailure next;
    synchronized (this) {
      next = stopFailures.poll();
    }
    if (next != null) {
      throw next;
    }
    if (stopFailure != null) {
      throw stopFailure;
    }
    return new DtsCallResult("StopDtsJob", "req-stop", false);
  }

  @Override
  public DtsCallResult deleteJob(JobRef job) {
    calls.add("deleteJob:" + job.jobId());
    if (deleteFailure != null) {
      throw deleteFailure;
    }
    return new DtsCallResult("DeleteDtsJob", "req-delete", false);
  }

  @Override
  public VerificationState describeVerification(JobRef job, VerificationMode mode) {
    calls.add("describeVerification:" + mode.cliName());
    return verificationRead != null ? verificationRead : VerificationState.passed(mode, 1);
  }

  @Override
  public VerificationState awaitVerification(VerificationWait wait) {
    calls.add("awaitVerification:" + wait.mode().cliName());
    if (verificationHangs) {
      throw ApplicationFailure.newBuilder()
          .setMessage("verification not complete yet")
          .setType(DtsFailures.TRANSIENT)
          .setNextRetryDelay(java.time.Duration.ofMinutes(1))
          .build();
    }
    return verificationAwaited != null
        ? verificationAwaited
        : VerificationState.passed(wait.mode(), 1);
  }

  static ApplicationFailure throttled() {
    return ApplicationFailure.newFailure(
        "Throttling.User: request was denied", DtsFailures.THROTTLED);
  }

  static ApplicationFailure notFound() {
    return ApplicationFailure.newNonRetryableFailure(
        "DTS job dtsjob01 not found in cn-hangzhou (request id r-404)", DtsFailures.JOB_NOT_FOUND);
  }
}
