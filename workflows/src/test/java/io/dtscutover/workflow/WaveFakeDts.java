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
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many DTS jobs faked at the activity interface, for waves: every job catches up and stops unless
 * told otherwise, and every call is recorded as {@code method:job}.
 */
final class WaveFakeDts implements DtsActivities {
  final List<String> calls = new CopyOnWriteArrayList<>();
  private final Set<String> neverAtZero = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> stopRefusalsLeft = new ConcurrentHashMap<>();
  private final Map<String, Hold> describeHolds = new ConcurrentHashMap<>();
  private final Set<String> stopped = ConcurrentHashMap.newKeySet();

  /** {@code job} never holds zero lag: its wait for the quiet window never succeeds. */
  WaveFakeDts neverAtZero(String job) {
    neverAtZero.add(job);
    return this;
  }

  /** DTS refuses the first {@code times} stops of {@code job}; later ones are accepted. */
  WaveFakeDts refusesStop(String job, int times) {
    stopRefusalsLeft.put(job, new AtomicInteger(times));
    return this;
  }

  /** The next describe of {@code job} waits in {@code hold}. */
  WaveFakeDts describeHeld(String job, Hold hold) {
    describeHolds.put(job, hold);
    return this;
  }

  List<String> callsTo(String method) {
    return calls.stream().filter(call -> call.startsWith(method + ":")).toList();
  }

  boolean stopped(String job) {
    return stopped.contains(job);
  }

  @Override
  public JobSnapshot describeJob(JobRef job) {
    calls.add("describeJob:" + job.jobId());
    Hold hold = describeHolds.remove(job.jobId());
    if (hold != null) {
      hold.block();
    }
    return of(job, stopped(job.jobId()) ? Snapshots.finished() : Snapshots.incremental(0));
  }

  @Override
  public AwaitResult awaitCondition(AwaitRequest request) {
    JobRef job = request.job();
    calls.add("awaitCondition:" + job.jobId() + ":" + request.condition());
    if (request.condition() == WaitCondition.CAUGHT_UP && neverAtZero.contains(job.jobId())) {
      throw ApplicationFailure.newBuilder()
          .setMessage("lag of " + job.jobId() + " is 2000 ms, not zero")
          .setType(DtsFailures.TRANSIENT)
          .setNextRetryDelay(Duration.ofMinutes(1))
          .build();
    }
    return AwaitResult.of(
        of(
            job,
            switch (request.condition()) {
              case FULL_LOAD_FINISHED, STOPPED -> Snapshots.finished();
              case INCREMENTAL_RUNNING -> Snapshots.incremental(60_000);
              case LAG_AT_MOST -> Snapshots.incremental(1000);
              case CAUGHT_UP -> Snapshots.incremental(0);
            }));
  }

  @Override
  public DtsCallResult stopJob(JobRef job) {
    calls.add("stopJob:" + job.jobId());
    AtomicInteger refusals = stopRefusalsLeft.get(job.jobId());
    if (refusals != null && refusals.getAndDecrement() > 0) {
      throw ApplicationFailure.newNonRetryableFailure(
          "OperationDenied: the task " + job.jobId() + " cannot be stopped now",
          DtsFailures.JOB_STATE_UNSAFE);
    }
    stopped.add(job.jobId());
    return new DtsCallResult("StopDtsJob", "req-stop-" + job.jobId(), false);
  }

  @Override
  public DtsCallResult deleteJob(JobRef job) {
    calls.add("deleteJob:" + job.jobId());
    return new DtsCallResult("DeleteDtsJob", "req-delete-" + job.jobId(), false);
  }

  /** {@code reading} as a reading of {@code job}. */
  private static JobSnapshot of(JobRef job, JobSnapshot reading) {
    return new JobSnapshot(
        job,
        reading.jobName(),
        reading.status(),
        reading.rawStatus(),
        reading.fullLoadConfigured(),
        reading.incrementalConfigured(),
        reading.incrementalStatus(),
        reading.rawIncrementalStatus(),
        reading.fullLoadStatus(),
        reading.rawFullLoadStatus(),
        reading.delayMillis(),
        reading.payType(),
        reading.errorMessage(),
        reading.requestId() + "-" + job.jobId(),
        reading.observedAt());
  }

  @Override
  public VerificationState describeVerification(JobRef job, VerificationMode mode) {
    calls.add("describeVerification:" + job.jobId());
    return VerificationState.passed(mode, 1);
  }

  @Override
  public VerificationState awaitVerification(VerificationWait wait) {
    calls.add("awaitVerification:" + wait.job().jobId());
    return VerificationState.passed(wait.mode(), 1);
  }
}
