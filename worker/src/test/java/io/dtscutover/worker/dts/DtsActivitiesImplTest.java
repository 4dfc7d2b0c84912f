package io.dtscutover.worker.dts;

import static io.dtscutover.worker.dts.SimulatedDts.ACCESS_KEY_ID;
import static io.dtscutover.worker.dts.SimulatedDts.REGION;
import static io.dtscutover.worker.dts.SimulatedDts.SECRET;
import static io.dtscutover.worker.dts.SimulatedDts.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.AwaitProgress;
import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.AwaitResult;
import io.dtscutover.dts.DtsActivities;
import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.dts.VerificationWait;
import io.dtscutover.dts.WaitCondition;
import io.dtscutover.simulator.DataCheckSpec;
import io.dtscutover.simulator.FaultSpec;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.simulator.SimCall;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DtsActivitiesImpl} in Temporal's activity test environment, over the real SDK adapter and
 * the simulator. The simulator's clock and the activity's clock are the same manual clock, moved
 * one second after every reading, so waits are decided by readings, not by real time.
 */
class DtsActivitiesImplTest {
  private static final Duration POLL = Duration.ofMillis(5);

  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();
  private SimulatedDts dts;

  @AfterEach
  void tearDown() {
    env.close();
    if (dts != null) {
      dts.close();
    }
  }

  private DtsActivities start(Scenario scenario) {
    return start(scenario, reading -> {});
  }

  /**
   * Activities whose every describe moves the shared clock one second on, after running {@code
   * afterReading} with the number of describes so far: the test decides what happens between
   * readings.
   */
  private DtsActivities start(Scenario scenario, IntConsumer afterReading) {
    dts = new SimulatedDts(scenario);
    DtsClient real = dts.client();
    AtomicInteger readings = new AtomicInteger();
    DtsClient ticking =
        new DtsClient() {
          @Override
          public JobSnapshot describe(JobRef job) {
            try {
              return real.describe(job);
            } finally {
              afterReading.accept(readings.incrementAndGet());
              dts.clock.advance(Duration.ofSeconds(1));
            }
          }

          @Override
          public FullLoadReading describeFullLoad(JobRef job) {
            return real.describeFullLoad(job);
          }

          @Override
          public VerificationState describeVerification(JobRef job, VerificationMode mode) {
            try {
              return real.describeVerification(job, mode);
            } finally {
              dts.clock.advance(Duration.ofSeconds(1));
            }
          }

          @Override
          public JobPage listJobs(String regionId, String jobType, int pageNumber, int size) {
            return real.listJobs(regionId, jobType, pageNumber, size);
          }

          @Override
          public DtsCallResult stop(JobRef job) {
            return real.stop(job);
          }

          @Override
          public DtsCallResult stop(JobRef job, boolean readFirst) {
            return real.stop(job, readFirst);
          }

          @Override
          public DtsCallResult delete(JobRef job) {
            return real.delete(job);
          }
        };
    env.registerActivitiesImplementations(new DtsActivitiesImpl(ticking, dts.clock));
    return env.newActivityStub(
        DtsActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  private DtsActivities start(JobSpec job) {
    return start(Scenario.of(ACCESS_KEY_ID, SECRET, job));
  }

  private static AwaitRequest await(WaitCondition condition, Duration holdFor) {
    return new AwaitRequest(job("job1"), condition, Duration.ofSeconds(5), holdFor, POLL);
  }

  private long describes() {
    return dts.simulator.calls("DescribeDtsJobDetail").size();
  }

  @Test
  void waitsUntilLagIsZeroAndHeldForTheWindow() {
    DtsActivities activities =
        start(JobSpec.incremental("job1", REGION).withLag(3000, 0, 1000).withWriting(false));

    JobSnapshot result =
        activities.awaitCondition(await(WaitCondition.CAUGHT_UP, Duration.ofSeconds(5))).reading();

    assertTrue(result.caughtUp());
    // lag 3000 at t=0, 2000, 1000, 0 at t=3 (held from there), then held at t=4..8
    assertEquals(9, describes());
    assertEquals(Instant.parse("2026-01-01T00:00:08Z"), result.observedAt());
  }

  @Test
  void aBreakInTheConditionRestartsTheWindow() {
    DtsActivities activities =
        start(
            Scenario.of(
                ACCESS_KEY_ID,
                SECRET,
                JobSpec.incremental("job1", REGION).withLag(0, 1000, 1000).withWriting(false)),
            // a write slips through after the second reading and stops after the third
            reading -> {
              if (reading == 2 || reading == 3) {
                dts.simulator.setWriting("job1", reading == 2);
              }
            });

    AwaitResult result =
        activities.awaitCondition(await(WaitCondition.CAUGHT_UP, Duration.ofSeconds(3)));

    // t0 held, t1 held, t2 lag 1000 (window reset), t3 held again ... t6 held for 3 s
    assertTrue(result.reading().caughtUp());
    assertEquals(7, describes());
    assertEquals(1, result.holdRestarts());
    assertEquals(0, result.failedReadings());
  }

  @Test
  void resumesFromHeartbeatDetailsAfterARetry() {
    DtsActivities activities =
        start(JobSpec.incremental("job1", REGION).withLag(0, 0, 1000).withWriting(false));
    // the previous attempt saw the condition hold for 50 s, its last reading a second ago
    env.setHeartbeatDetails(
        AwaitProgress.of(
            dts.clock.instant().minusSeconds(50),
            readingAt(dts.clock.instant().minusSeconds(1)),
            7));

    activities.awaitCondition(await(WaitCondition.CAUGHT_UP, Duration.ofSeconds(60)));

    assertEquals(10, describes(), "only the remaining 10 s of the window are polled, not 60");
  }

  @Test
  void unwatchedGapBeforeAResumeRestartsTheHold() {
    DtsActivities activities =
        start(JobSpec.incremental("job1", REGION).withLag(0, 0, 1000).withWriting(false));
    // the previous attempt's last reading is two minutes old: nobody watched in between
    env.setHeartbeatDetails(
        AwaitProgress.of(
            dts.clock.instant().minusSeconds(170),
            readingAt(dts.clock.instant().minusSeconds(120)),
            7));

    activities.awaitCondition(await(WaitCondition.CAUGHT_UP, Duration.ofSeconds(60)));

    assertEquals(61, describes(), "the whole 60 s window is watched again");
  }

  private static JobSnapshot readingAt(Instant observedAt) {
    return new JobSnapshot(
        job("job1"),
        "job1",
        JobStatus.MIGRATING,
        "Migrating",
        true,
        true,
        IncrementalStatus.CATCHED,
        "Catched",
        FullLoadStatus.FINISHED,
        "Finished",
        0L,
        "PostPaid",
        null,
        "r-previous",
        observedAt);
  }

  @Test
  void failsNonRetryablyWhenTheTaskGoesSomewhereWaitingCannotFix() {
    DtsActivities activities = start(JobSpec.incremental("job1", REGION).withStatus("Suspending"));

    ActivityFailure failure =
        assertThrows(
            ActivityFailure.class,
            () -> activities.awaitCondition(await(WaitCondition.LAG_AT_MOST, Duration.ZERO)));

    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, failure.getCause());
    assertEquals(DtsFailures.JOB_STATE_UNSAFE, cause.getType());
    assertTrue(cause.isNonRetryable());
    assertTrue(cause.getOriginalMessage().contains("Suspending"), cause.getOriginalMessage());
    String requestId = dts.simulator.calls().get(0).requestId();
    assertTrue(cause.getOriginalMessage().contains(requestId), cause.getOriginalMessage());
  }

  @Test
  void unknownStatusIsUnsafeNotSuccess() {
    DtsActivities activities = start(JobSpec.incremental("job1", REGION).withStatus("Hibernating"));

    ActivityFailure failure =
        assertThrows(
            ActivityFailure.class,
            () -> activities.awaitCondition(await(WaitCondition.CAUGHT_UP, Duration.ZERO)));

    assertEquals(DtsFailures.JOB_STATE_UNSAFE, ((ApplicationFailure) failure.getCause()).getType());
  }

  @Test
  void keepsPollingThroughThrottlingUntilSuccess() {
    DtsActivities activities =
        start(
            Scenario.of(
                    ACCESS_KEY_ID,
                    SECRET,
                    JobSpec.incremental("job1", REGION).withLag(0, 0, 1000).withWriting(false))
                .withFault(FaultSpec.throttling("DescribeDtsJobDetail", 3)));

    AwaitResult result = activities.awaitCondition(await(WaitCondition.CAUGHT_UP, Duration.ZERO));

    assertTrue(result.reading().caughtUp());
    assertEquals(3, result.failedReadings());
    List<String> codes =
        dts.simulator.calls("DescribeDtsJobDetail").stream().map(c -> c.code()).toList();
    assertEquals(List.of("Throttling.User", "Throttling.User", "Throttling.User", "OK"), codes);
  }

  @Test
  void aFailedReadingInsideAHoldRestartsIt() {
    DtsActivities activities =
        start(
            Scenario.of(
                ACCESS_KEY_ID,
                SECRET,
                JobSpec.incremental("job1", REGION).withLag(0, 0, 1000).withWriting(false)),
            // DTS throttles the third reading, inside the hold
            reading -> {
              if (reading == 2) {
                dts.simulator.addFault(FaultSpec.throttling("DescribeDtsJobDetail", 1));
              }
            });

    AwaitResult result =
        activities.awaitCondition(await(WaitCondition.CAUGHT_UP, Duration.ofSeconds(3)));

    // t0 held, t1 held, t2 throttled (the hold restarts), t3 held again ... t6 held for 3 s
    assertEquals(7, describes(), "the unwatched second is not quiet time");
    assertEquals(1, result.holdRestarts());
    assertEquals(1, result.failedReadings());
  }

  @Test
  void theHeartbeatShowsAFailedReadingUntilAGoodOneComes() {
    DtsActivitiesImpl.Hold hold = new DtsActivitiesImpl.Hold(null);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    hold.read(readingAt(t0), t0);
    hold.heldSince = t0;

    hold.failed("DescribeDtsJobDetail failed: Throttling.User (HTTP 400):\n slow down", t0);
    AwaitProgress failed = hold.progress();
    assertEquals(null, failed.heldSince(), "no hold survives a failed reading");
    assertEquals(1, failed.holdRestarts());
    assertEquals(1, failed.failedReadings());
    assertEquals(
        "DescribeDtsJobDetail failed: Throttling.User (HTTP 400): slow down", failed.lastError());
    assertEquals(t0, failed.lastErrorAt());
    assertEquals(t0, failed.last().observedAt(), "the last good reading stays, marked stale");

    // a retry resumes from that heartbeat without a hold, and a good reading clears the error
    DtsActivitiesImpl.Hold resumed = new DtsActivitiesImpl.Hold(failed);
    assertEquals(null, resumed.heldSince);
    resumed.read(readingAt(t0.plusSeconds(1)), t0.plusSeconds(1));
    assertEquals(null, resumed.progress().lastError());
    assertEquals(1, resumed.progress().failedReadings(), "counts survive the retry");
  }

  @Test
  void anIncrementalModuleThatFailsWhileTheTaskSaysMigratingEndsTheWaitWithDtsError() {
    DtsActivities activities =
        start(
            JobSpec.incremental("job1", REGION)
                .withLag(0, 0, 1000)
                .withIncrementalStatus("Failed")
                .withIncrementalErrorMessage("binlog file mysql-bin.000042 was purged"));

    ActivityFailure failure =
        assertThrows(
            ActivityFailure.class,
            () ->
                activities.awaitCondition(await(WaitCondition.CAUGHT_UP, Duration.ofSeconds(60))));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertEquals(DtsFailures.JOB_STATE_UNSAFE, cause.getType());
    assertTrue(cause.isNonRetryable());
    assertTrue(
        cause.getOriginalMessage().contains("binlog file mysql-bin.000042 was purged"),
        cause.getOriginalMessage());
    assertEquals(1, describes(), "at the first reading");
  }

  @Test
  void permanentErrorEndsTheWait() {
    DtsActivities activities =
        start(
            Scenario.of(
                    ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION).withLag(9000, 0, 1))
                .withFault(
                    FaultSpec.httpError(
                        "DescribeDtsJobDetail", 403, "Forbidden.RAM", "denied", 1)));

    ActivityFailure failure =
        assertThrows(
            ActivityFailure.class,
            () -> activities.awaitCondition(await(WaitCondition.CAUGHT_UP, Duration.ZERO)));

    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertEquals(DtsFailures.PERMISSION_DENIED, cause.getType());
    assertTrue(cause.isNonRetryable());
    assertEquals(1, describes());
  }

  @Test
  void describeFailuresCarryTypeRetryabilityAndRetryDelay() {
    DtsActivities activities =
        start(
            Scenario.of(ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION))
                .withFault(FaultSpec.throttling("DescribeDtsJobDetail", 1)));

    ActivityFailure throttled =
        assertThrows(ActivityFailure.class, () -> activities.describeJob(job("job1")));
    ApplicationFailure cause = (ApplicationFailure) throttled.getCause();
    assertEquals(DtsFailures.THROTTLED, cause.getType());
    assertFalse(cause.isNonRetryable());

    ActivityFailure missing =
        assertThrows(ActivityFailure.class, () -> activities.describeJob(job("nope")));
    assertEquals(DtsFailures.JOB_NOT_FOUND, ((ApplicationFailure) missing.getCause()).getType());
    assertTrue(((ApplicationFailure) missing.getCause()).isNonRetryable());
  }

  @Test
  void describeJobReadsTheFullLoadStatusFromDescribeDtsJobs() {
    DtsActivities activities =
        start(JobSpec.incremental("job1", REGION).withFullLoadMillis(10_000));

    JobSnapshot during = activities.describeJob(job("job1"));
    assertEquals(FullLoadStatus.MIGRATING, during.fullLoadStatus());
    assertEquals("Migrating", during.rawFullLoadStatus());
    assertFalse(during.fullLoadFinished());

    dts.clock.advance(Duration.ofSeconds(10));
    JobSnapshot after = activities.describeJob(job("job1"));
    assertEquals(FullLoadStatus.FINISHED, after.fullLoadStatus());
    assertTrue(after.fullLoadFinished());

    List<io.dtscutover.simulator.SimCall> lists = dts.simulator.calls("DescribeDtsJobs");
    assertEquals(2, lists.size(), "one DescribeDtsJobs per describeJob");
    assertEquals("job1", lists.get(0).jobId(), "filtered by the job id");
    assertEquals(REGION, lists.get(0).regionId());
    assertEquals(2, describes(), "and one DescribeDtsJobDetail");
  }

  @Test
  void thePollingLoopMakesOneDescribeDtsJobDetailPerReadingAndNoList() {
    DtsActivities activities =
        start(JobSpec.incremental("job1", REGION).withLag(2000, 0, 1000).withWriting(false));

    activities.awaitCondition(await(WaitCondition.CAUGHT_UP, Duration.ZERO));

    assertEquals(3, describes());
    assertTrue(dts.simulator.calls("DescribeDtsJobs").isEmpty());
  }

  @Test
  void stopAndDeleteAreIdempotent() {
    DtsActivities activities = start(JobSpec.incremental("job1", REGION).withStatus("Finished"));

    assertTrue(activities.stopJob(job("job1")).alreadyDone());
    assertFalse(activities.deleteJob(job("job1")).alreadyDone());
    assertTrue(activities.deleteJob(job("job1")).alreadyDone());
    assertTrue(dts.simulator.calls("StopDtsJob").stream().noneMatch(SimCall::ok), "none took");
  }

  @Test
  void aFirstAttemptStopSendsNoReadingOfItsOwnAndAnAlreadyStoppedTaskIsAlreadyDone() {
    DtsActivities activities =
        start(
            JobSpec.incremental("job1", REGION)
                .withStopDelayMillis(60_000)
                .withStoppingStatus("Stopping"));

    DtsCallResult first = activities.stopJob(job("job1"));
    assertFalse(first.alreadyDone());
    assertEquals(List.of("StopDtsJob"), actions(), "the workflow's reading was just taken");

    // Stopping again while the first stop takes effect: DTS refuses, the refusal is re-read.
    DtsCallResult again = activities.stopJob(job("job1"));
    assertTrue(again.alreadyDone());
    assertEquals(List.of("StopDtsJob", "StopDtsJob", "DescribeDtsJobDetail"), actions());
    List<SimCall> stops = dts.simulator.calls("StopDtsJob");
    assertTrue(stops.get(0).ok());
    assertEquals("OperationDenied.JobStatus", stops.get(1).code(), "no second effective stop");

    dts.clock.advance(Duration.ofMinutes(1));
    assertTrue(activities.stopJob(job("job1")).alreadyDone(), "Finished: refused, then re-read");
    assertEquals(1, dts.simulator.calls("StopDtsJob").stream().filter(SimCall::ok).count());
  }

  private List<String> actions() {
    return dts.simulator.calls().stream().map(SimCall::action).toList();
  }

  @Test
  void awaitVerificationPollsThroughThrottlingUntilTheCheckIsDone() {
    DtsActivities activities =
        start(
            JobSpec.incremental("job1", REGION)
                .withDataChecks(DataCheckSpec.runningFor("incremental", "shop", "orders", 4000)));
    dts.simulator.addFault(FaultSpec.throttling("DescribeDataCheckTableDetails", 1));

    VerificationState state =
        activities.awaitVerification(
            new VerificationWait(job("job1"), VerificationMode.INCREMENTAL, POLL));

    assertTrue(state.passes(), state.describe());
    assertTrue(
        dts.simulator.calls("DescribeDataCheckTableDetails").size() >= 4,
        "it polled until the running check was done");
  }

  @Test
  void awaitVerificationReturnsAtOnceOnDifferences() {
    DtsActivities activities =
        start(
            JobSpec.incremental("job1", REGION)
                .withDataChecks(
                    DataCheckSpec.runningFor("incremental", "shop", "items", 60_000),
                    new DataCheckSpec("incremental", "shop", "orders", "0", 4L, 60_000L)));

    VerificationState state =
        activities.awaitVerification(
            new VerificationWait(job("job1"), VerificationMode.INCREMENTAL, POLL));

    assertFalse(state.completed());
    assertEquals("shop.orders", state.differences().get(0).table());
    assertEquals(4, state.differences().get(0).diffCount());
  }

  @Test
  void awaitVerificationEndsOnAPermanentError() {
    DtsActivities activities =
        start(
            JobSpec.incremental("job1", REGION)
                .withDataChecks(DataCheckSpec.runningFor("full", "shop", "orders", 60_000)));
    dts.simulator.addFault(
        FaultSpec.bodyError("DescribeDataCheckTableDetails", "Forbidden.RAM", "denied", 1));

    ActivityFailure failure =
        assertThrows(
            ActivityFailure.class,
            () ->
                activities.awaitVerification(
                    new VerificationWait(job("job1"), VerificationMode.FULL, POLL)));

    assertEquals(
        DtsFailures.PERMISSION_DENIED,
        assertInstanceOf(ApplicationFailure.class, failure.getCause()).getType());
  }
}
