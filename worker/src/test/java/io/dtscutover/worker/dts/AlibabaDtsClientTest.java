package io.dtscutover.worker.dts;

import static io.dtscutover.worker.dts.SimulatedDts.ACCESS_KEY_ID;
import static io.dtscutover.worker.dts.SimulatedDts.REGION;
import static io.dtscutover.worker.dts.SimulatedDts.SECRET;
import static io.dtscutover.worker.dts.SimulatedDts.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.simulator.FaultKind;
import io.dtscutover.simulator.FaultSpec;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.simulator.SimCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The real Alibaba SDK adapter against the DTS simulator over loopback HTTP. */
class AlibabaDtsClientTest {
  private SimulatedDts dts;

  @AfterEach
  void stopSimulator() {
    if (dts != null) {
      dts.close();
    }
  }

  private AlibabaDtsClient start(JobSpec... jobs) {
    dts = new SimulatedDts(Scenario.of(ACCESS_KEY_ID, SECRET, jobs));
    return dts.client();
  }

  private AlibabaDtsClient start(Scenario scenario) {
    dts = new SimulatedDts(scenario);
    return dts.client();
  }

  private SimCall lastCall() {
    List<SimCall> calls = dts.simulator.calls();
    return calls.get(calls.size() - 1);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "NotStarted, NOT_STARTED",
    "NotConfigured, NOT_CONFIGURED",
    "Prechecking, PRECHECKING",
    "PrecheckFailed, PRECHECK_FAILED",
    "PreCheckPass, PRECHECK_PASSED",
    "Initializing, INITIALIZING",
    "InitializeFailed, INITIALIZE_FAILED",
    "synchronizing, SYNCHRONIZING",
    "Synchronizing, SYNCHRONIZING",
    "Migrating, MIGRATING",
    "Failed, FAILED",
    "MigrationFailed, FAILED",
    "Suspending, PAUSED",
    "Modifying, MODIFYING",
    "Retrying, RETRYING",
    "Upgrade, UPGRADING",
    "Downgrade, DOWNGRADING",
    "Locked, LOCKED",
    "Finished, FINISHED",
    "Hibernating, UNKNOWN"
  })
  void normalisesEveryStatusKeepingTheRawValue(String raw, JobStatus expected) {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION).withStatus(raw));

    JobSnapshot snapshot = client.describe(job("job1"));

    assertEquals(expected, snapshot.status());
    assertEquals(raw, snapshot.rawStatus());
    if (expected == JobStatus.UNKNOWN) {
      assertFalse(snapshot.status().isRunning(), "an unknown status must never count as running");
    }
  }

  @Test
  void readsModePayTypeErrorAndRequestId() {
    AlibabaDtsClient client =
        start(
            JobSpec.incremental("job1", REGION)
                .withStatus("Failed")
                .withPayType("PrePaid")
                .withErrorMessage("source unreachable"));

    JobSnapshot snapshot = client.describe(job("job1"));

    assertTrue(snapshot.fullLoadConfigured());
    assertTrue(snapshot.incrementalConfigured());
    assertTrue(snapshot.prePaid());
    assertEquals("source unreachable", snapshot.errorMessage());
    assertEquals("simulated job1", snapshot.jobName());
    assertEquals(lastCall().requestId(), snapshot.requestId());
    assertEquals(REGION, lastCall().regionId(), "RegionId must be on the request");
    assertEquals(dts.clock.instant(), snapshot.observedAt());
  }

  @Test
  void followsLagFromWritesToCaughtUp() {
    AlibabaDtsClient client =
        start(JobSpec.incremental("job1", REGION).withLag(3000, 100, 1000).withWriting(true));

    JobSnapshot writing = client.describe(job("job1"));
    assertEquals(IncrementalStatus.MIGRATING, writing.incrementalStatus());
    assertEquals(3000L, writing.delayMillis());
    assertTrue(writing.incrementalRunning());
    assertFalse(writing.caughtUp());

    dts.clock.advance(Duration.ofSeconds(10));
    assertEquals(4000L, client.describe(job("job1")).delayMillis(), "lag grows while written");

    dts.simulator.setWriting("job1", false);
    dts.clock.advance(Duration.ofSeconds(2));
    JobSnapshot draining = client.describe(job("job1"));
    assertEquals(2000L, draining.delayMillis());
    assertFalse(draining.caughtUp());

    dts.clock.advance(Duration.ofSeconds(2));
    JobSnapshot caughtUp = client.describe(job("job1"));
    assertEquals(0L, caughtUp.delayMillis());
    assertEquals(IncrementalStatus.CATCHED, caughtUp.incrementalStatus());
    assertEquals("Catched", caughtUp.rawIncrementalStatus());
    assertTrue(caughtUp.caughtUp());
  }

  @Test
  void reportsFullLoadThenIncremental() {
    AlibabaDtsClient client =
        start(JobSpec.incremental("job1", REGION).withFullLoadMillis(60_000).withLag(500, 0, 100));

    JobSnapshot fullLoad = client.describe(job("job1"));
    assertEquals(JobStatus.MIGRATING, fullLoad.status());
    assertEquals(IncrementalStatus.NOT_STARTED, fullLoad.incrementalStatus());
    assertNull(fullLoad.delayMillis(), "no delay is reported before incremental replication");
    assertFalse(fullLoad.incrementalRunning());

    dts.clock.advance(Duration.ofSeconds(60));
    JobSnapshot incremental = client.describe(job("job1"));
    assertTrue(incremental.incrementalRunning());
    assertEquals(500L, incremental.delayMillis());
  }

  @Test
  void fullOnlyTaskFinishesByItself() {
    AlibabaDtsClient client =
        start(JobSpec.incremental("job1", REGION).withIncremental(false).withFullLoadMillis(5000));

    JobSnapshot running = client.describe(job("job1"));
    assertEquals(JobStatus.MIGRATING, running.status());
    assertTrue(running.fullLoadConfigured());
    assertFalse(running.incrementalConfigured());
    assertEquals(IncrementalStatus.ABSENT, running.incrementalStatus());

    dts.clock.advance(Duration.ofSeconds(5));
    assertEquals(JobStatus.FINISHED, client.describe(job("job1")).status());
  }

  @Test
  void convertsDelayReportedInSeconds() {
    dts =
        new SimulatedDts(
            Scenario.of(
                    ACCESS_KEY_ID,
                    SECRET,
                    JobSpec.incremental("job1", REGION).withLag(3500, 0, 100))
                .withDelayUnit("s"));
    Map<String, String> env = dts.env();
    env.put(DtsSettings.DELAY_UNIT, "s");

    JobSnapshot snapshot = dts.client(env).describe(job("job1"));

    assertEquals(3000L, snapshot.delayMillis());
  }

  @ParameterizedTest(name = "Delay {0} with unit {1} is unreadable")
  @CsvSource({
    "2305843009213693952, s", // 2^61: overflows when converted to milliseconds
    "-1, ms",
    "-1, s",
    "abc, ms",
    "1.5, ms",
    "18446744073709551616, ms" // 2^64: does not fit in a long at all
  })
  void aDelayThatCannotBeTrueIsUnreadableNeverLow(String rawDelay, String unit) {
    dts =
        new SimulatedDts(
            Scenario.of(
                    ACCESS_KEY_ID,
                    SECRET,
                    JobSpec.incremental("job1", REGION).withRawDelay(rawDelay))
                .withDelayUnit(unit));
    Map<String, String> env = dts.env();
    env.put(DtsSettings.DELAY_UNIT, unit);

    DtsCallException e =
        assertThrows(DtsCallException.class, () -> dts.client(env).describe(job("job1")));

    assertEquals(DtsFailures.UNREADABLE, e.type(), e.getMessage());
    assertTrue(e.retryable(), "the next answer may be sound");
    assertTrue(e.getMessage().contains(rawDelay), "excerpt of the answer: " + e.getMessage());
    assertFalse(e.getMessage().contains("\n"), "one line");
    if (!rawDelay.equals("18446744073709551616")) { // fails the SDK's own parse: no request id
      assertTrue(e.getMessage().contains("HTTP 200"), e.getMessage());
      assertEquals(lastCall().requestId(), e.requestId());
    }
  }

  /**
   * On a page of {@code DescribeDtsJobs}, a task whose {@code Delay} cannot be true has no reading:
   * it is unreadable, naming the field and its value, never low (not a reading without a lag), and
   * the other tasks on the page read as usual.
   */
  @ParameterizedTest(name = "Delay {0} with unit {1} on a page is unreadable")
  @CsvSource({
    "2305843009213693952, s", // 2^61: overflows when converted to milliseconds
    "-1, ms",
    "-1, s",
    "abc, ms",
    "1.5, ms"
  })
  void aPagesDelayThatCannotBeTrueMakesThatTaskUnreadable(String rawDelay, String unit) {
    dts =
        new SimulatedDts(
            Scenario.of(
                    ACCESS_KEY_ID,
                    SECRET,
                    JobSpec.incremental("job1", REGION).withRawDelay(rawDelay),
                    JobSpec.incremental("job2", REGION).withLag(2000, 2000, 1000))
                .withDelayUnit(unit));
    Map<String, String> env = dts.env();
    env.put(DtsSettings.DELAY_UNIT, unit);

    JobPage page = dts.client(env).listJobs(REGION, "MIGRATION", 1, 100);

    assertEquals(List.of("job2"), page.jobs().stream().map(j -> j.job().jobId()).toList());
    assertEquals(2000L, page.jobs().get(0).delayMillis());
    DtsCallException unreadable = page.unreadable().get("job1");
    assertNotNull(unreadable, "job1 is on the page and unreadable: " + page);
    assertEquals(DtsFailures.UNREADABLE, unreadable.type());
    assertTrue(unreadable.retryable(), "the next page may be sound");
    assertEquals(lastCall().requestId(), unreadable.requestId());
    String message = unreadable.getMessage();
    assertTrue(message.startsWith("DescribeDtsJobs for " + job("job1")), message);
    assertTrue(message.contains("Delay") && message.contains(rawDelay), message);
    assertTrue(message.contains("HTTP 200"), message);
    assertFalse(message.contains("\n"), "one line");
  }

  /** A page item without a {@code Status} is unreadable too, as the task's own reading is. */
  @Test
  void aPageItemWithoutStatusIsUnreadableNotUnknown() {
    start(JobSpec.incremental("job9", REGION));
    dts.simulator.addFault(
        FaultSpec.raw(
            "DescribeDtsJobs",
            200,
            "{\"RequestId\":\"PAGE-1\",\"Success\":true,\"HttpStatusCode\":200,"
                + "\"TotalRecordCount\":3,\"PageRecordCount\":3,\"DtsJobList\":["
                + "{\"DtsJobId\":\"job1\",\"Delay\":0},"
                + "{\"DtsJobId\":\"job2\",\"Status\":\" \",\"Delay\":0},"
                + "{\"DtsJobId\":\"job3\",\"Status\":\"Migrating\",\"Delay\":0}]}",
            1));

    JobPage page = dts.client().listJobs(REGION, "MIGRATION", 1, 100);

    assertEquals(List.of("job3"), page.jobs().stream().map(j -> j.job().jobId()).toList());
    String absent = page.unreadable().get("job1").getMessage();
    assertTrue(absent.contains("no Status (HTTP 200, Status=absent)"), absent);
    assertTrue(absent.contains("[request id PAGE-1]"), absent);
    String blank = page.unreadable().get("job2").getMessage();
    assertTrue(blank.contains("no Status (HTTP 200, Status=\"\")"), blank);
    assertEquals(DtsFailures.UNREADABLE, page.unreadable().get("job2").type());
  }

  @Test
  void fullLoadStatusComesFromDescribeDtsJobsOfThatJobOnly() {
    AlibabaDtsClient client =
        start(
            JobSpec.incremental("job1", REGION).withFullLoadMillis(5000),
            JobSpec.incremental("job2", REGION));

    FullLoadReading during = client.describeFullLoad(job("job1"));
    assertEquals("Migrating", during.rawStatus());
    assertEquals(lastCall().requestId(), during.requestId());
    assertEquals("DescribeDtsJobs", lastCall().action());
    assertEquals(REGION, lastCall().regionId(), "RegionId must be on the request");
    assertEquals("Finished", client.describeFullLoad(job("job2")).rawStatus());

    dts.clock.advance(Duration.ofSeconds(5));
    assertEquals("Finished", client.describeFullLoad(job("job1")).rawStatus());
  }

  @Test
  void unknownJobIsNotFoundAndNotRetryable() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION));

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.describe(job("nope")));

    assertEquals(DtsFailures.JOB_NOT_FOUND, e.type());
    assertFalse(e.retryable());
    assertEquals(lastCall().requestId(), e.requestId());
    assertTrue(e.getMessage().contains(e.requestId()), e.getMessage());
  }

  @Test
  void jobInAnotherRegionIsNotFound() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION));

    DtsCallException e =
        assertThrows(
            DtsCallException.class, () -> client.describe(JobRef.of("cn-beijing", "job1")));

    assertEquals(DtsFailures.JOB_NOT_FOUND, e.type());
    assertEquals("cn-beijing", lastCall().regionId());
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of(FaultSpec.throttling("*", 1), DtsFailures.THROTTLED, true),
        Arguments.of(
            FaultSpec.bodyError("*", "Throttling.User", "flow control", 1),
            DtsFailures.THROTTLED,
            true),
        Arguments.of(
            FaultSpec.httpError("*", 400, "Rejected.Throttling", "rejected", 1),
            DtsFailures.THROTTLED,
            true),
        Arguments.of(FaultSpec.of(FaultKind.SERVER_ERROR, "*", 1), DtsFailures.TRANSIENT, true),
        Arguments.of(
            FaultSpec.httpError("*", 500, "InternalError", "boom", 1), DtsFailures.TRANSIENT, true),
        Arguments.of(
            FaultSpec.bodyError("*", "ServiceUnavailable", "busy", 1), DtsFailures.TRANSIENT, true),
        Arguments.of(
            FaultSpec.bodyError("*", "Some.NewCode", "never seen", 1), DtsFailures.TRANSIENT, true),
        Arguments.of(
            FaultSpec.httpError("*", 403, "Forbidden.RAM", "no permission", 1),
            DtsFailures.PERMISSION_DENIED,
            false),
        Arguments.of(
            FaultSpec.httpError("*", 403, "InvalidSecurityToken.Expired", "expired", 1),
            DtsFailures.CREDENTIALS_EXPIRED,
            true),
        Arguments.of(
            FaultSpec.httpError("*", 403, "InvalidSecurityToken.Malformed", "malformed", 1),
            DtsFailures.PERMISSION_DENIED,
            false),
        Arguments.of(
            FaultSpec.bodyError("*", "InvalidParameter", "The parameter %s is invalid.", 1),
            DtsFailures.INVALID_PARAMETER,
            false),
        Arguments.of(
            FaultSpec.httpError("*", 400, "InvalidParameter", "bad", 1),
            DtsFailures.INVALID_PARAMETER,
            false),
        Arguments.of(
            FaultSpec.bodyError("*", "InvalidJobId", "no such job", 1),
            DtsFailures.JOB_NOT_FOUND,
            false),
        Arguments.of(
            FaultSpec.httpError("*", 404, "Forbidden.InstanceNotFound", "gone", 1),
            DtsFailures.JOB_NOT_FOUND,
            false));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("errors")
  void mapsBothErrorChannels(FaultSpec fault, String type, boolean retryable) {
    AlibabaDtsClient client =
        start(
            Scenario.of(ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION))
                .withFault(fault));

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.describe(job("job1")));

    assertEquals(type, e.type(), e.getMessage());
    assertEquals(retryable, e.retryable());
    SimCall call = lastCall();
    assertEquals(call.requestId(), e.requestId());
    assertTrue(e.getMessage().contains("[request id " + call.requestId() + "]"), e.getMessage());
    assertTrue(e.getMessage().contains(fault.code() == null ? call.code() : fault.code()));
    if (type.equals(DtsFailures.THROTTLED)) {
      assertEquals(DtsErrorMapping.THROTTLE_BACKOFF, e.nextRetryDelay());
      assertEquals(DtsErrorMapping.THROTTLE_BACKOFF, e.toApplicationFailure().getNextRetryDelay());
    }
    assertEquals(!retryable, e.toApplicationFailure().isNonRetryable());
    assertEquals(type, e.toApplicationFailure().getType());
    // the fault was used up: the next call succeeds
    assertEquals(JobStatus.MIGRATING, client.describe(job("job1")).status());
  }

  @Test
  void dynamicMessageFillsTheTemplate() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION));
    dts.simulator.addFault(
        new FaultSpec(
            FaultKind.ERROR,
            "DescribeDtsJobDetail",
            null,
            1,
            200,
            "InvalidParameter",
            "The parameter %s is invalid.",
            null));

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.describe(job("job1")));

    assertTrue(e.getMessage().contains("The parameter %s is invalid."), e.getMessage());
    assertEquals(DtsFailures.INVALID_PARAMETER, e.type());
  }

  @Test
  void malformedBodyIsUnreadableAndRetryable() {
    AlibabaDtsClient client =
        start(
            Scenario.of(ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION))
                .withFault(FaultSpec.of(FaultKind.MALFORMED, "DescribeDtsJobDetail", 1)));

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.describe(job("job1")));

    assertEquals(DtsFailures.UNREADABLE, e.type());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
  }

  @Test
  void slowAnswerBeyondTheReadTimeoutIsTransient() {
    dts =
        new SimulatedDts(
            Scenario.of(ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION))
                .withFault(
                    new FaultSpec(
                        FaultKind.SLOW, "DescribeDtsJobDetail", null, 1, null, null, null, 3000L)));
    Map<String, String> env = dts.env();
    env.put(DtsSettings.READ_TIMEOUT, "300");

    DtsCallException e =
        assertThrows(DtsCallException.class, () -> dts.client(env).describe(job("job1")));

    assertEquals(DtsFailures.TRANSIENT, e.type());
    assertTrue(e.retryable());
  }

  @Test
  void aSecretEchoedByDtsNeverReachesTheMessage() {
    AlibabaDtsClient client =
        start(
            Scenario.of(ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION))
                .withFault(
                    FaultSpec.httpError(
                        "*", 400, "InvalidParameter", "bad value " + SECRET + " for x", 1)));

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.describe(job("job1")));

    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    assertTrue(e.getMessage().contains("bad value *** for x"), e.getMessage());
  }

  @Test
  void unreachableEndpointIsTransient() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION));
    dts.simulator.close();

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.describe(job("job1")));

    assertEquals(DtsFailures.TRANSIENT, e.type());
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("could not reach DTS"), e.getMessage());
  }

  @Test
  void wrongSecretIsRefusedAndNeverEchoed() {
    start(JobSpec.incremental("job1", REGION));
    Map<String, String> env = dts.env();
    env.put(DtsSettings.ACCESS_KEY_SECRET, "not-the-secret-42");

    DtsCallException e =
        assertThrows(DtsCallException.class, () -> dts.client(env).describe(job("job1")));

    assertEquals(DtsFailures.PERMISSION_DENIED, e.type());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("SignatureDoesNotMatch"), e.getMessage());
    assertFalse(e.getMessage().contains("not-the-secret-42"));
    assertEquals(403, lastCall().httpStatus());
    assertNull(lastCall().accessKeyId(), "the simulator must not accept the call");
  }

  @Test
  void unknownAccessKeyIsRefused() {
    start(JobSpec.incremental("job1", REGION));
    Map<String, String> env = dts.env();
    env.put(DtsSettings.ACCESS_KEY_ID, "someone-else");

    DtsCallException e =
        assertThrows(DtsCallException.class, () -> dts.client(env).describe(job("job1")));

    assertEquals(DtsFailures.PERMISSION_DENIED, e.type());
    assertTrue(e.getMessage().contains("InvalidAccessKeyId.NotFound"), e.getMessage());
  }

  @Test
  void signsWithAnStsTokenToo() {
    AlibabaDtsClient unused = start(JobSpec.incremental("job1", REGION));
    Map<String, String> env = dts.env();
    env.put(DtsSettings.SECURITY_TOKEN, "sts-token-abc");

    JobSnapshot snapshot = dts.client(env).describe(job("job1"));

    assertEquals(JobStatus.MIGRATING, snapshot.status());
    assertEquals(ACCESS_KEY_ID, lastCall().accessKeyId());
  }

  @Test
  void anExpiredStsTokenIsReReadFromTheCredentialsFileAndTheCallSucceeds(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    AlibabaDtsClient unused = start(JobSpec.incremental("job1", REGION));
    java.nio.file.Path file = dir.resolve("dts-credentials.env");
    writeCredentials(file, "sts-token-one");
    Map<String, String> env = dts.env();
    env.remove(DtsSettings.ACCESS_KEY_ID);
    env.remove(DtsSettings.ACCESS_KEY_SECRET);
    env.put(DtsSettings.CREDENTIALS_FILE, file.toString());
    AlibabaDtsClient client = dts.client(env);
    assertEquals(JobStatus.MIGRATING, client.describe(job("job1")).status());

    // the token outlives its lifetime; the refresher has already written a new one
    dts.simulator.expireSecurityToken("sts-token-one");
    writeCredentials(file, "sts-token-two");
    JobSnapshot after = client.describe(job("job1"));

    assertEquals(JobStatus.MIGRATING, after.status());
    List<String> codes = dts.simulator.calls().stream().map(SimCall::code).toList();
    assertEquals(List.of("OK", "InvalidSecurityToken.Expired", "OK"), codes);
  }

  @Test
  void anExpiredStsTokenWithNoNewerOneIsRetryableAndShowsNoSecret() {
    AlibabaDtsClient unused = start(JobSpec.incremental("job1", REGION));
    Map<String, String> env = dts.env();
    env.put(DtsSettings.SECURITY_TOKEN, "sts-token-static");
    AlibabaDtsClient client = dts.client(env);
    dts.simulator.expireSecurityToken("sts-token-static");

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.describe(job("job1")));

    assertEquals(DtsFailures.CREDENTIALS_EXPIRED, e.type(), e.getMessage());
    assertTrue(e.retryable(), "an expired token must not fail the cutover for good");
    assertFalse(e.getMessage().contains("sts-token-static"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }

  private static void writeCredentials(java.nio.file.Path file, String token) throws Exception {
    java.nio.file.Files.writeString(
        file,
        DtsSettings.ACCESS_KEY_ID
            + "="
            + ACCESS_KEY_ID
            + "\n"
            + DtsSettings.ACCESS_KEY_SECRET
            + "="
            + SECRET
            + "\n"
            + DtsSettings.SECURITY_TOKEN
            + "="
            + token
            + "\n");
  }

  @Test
  void eachDocumentedActionWaitsAtItsOwnLimiterAndTheSimulatorLimitsItOnItsOwn() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION));
    // The simulator answers one DescribeDtsJobDetail and one other call per second.
    dts.simulator.setRateLimits(Map.of("DescribeDtsJobDetail", 1.0), 1);

    client.describe(job("job1"));
    DtsCallResult stop = client.stop(job("job1"), false);

    assertFalse(stop.alreadyDone(), "StopDtsJob does not count against the describe budget");
    assertTrue(dts.simulator.calls().stream().allMatch(SimCall::ok));
    DtsRateLimiter details = client.limiterFor(REGION, "DescribeDtsJobDetail");
    DtsRateLimiter pages = client.limiterFor(REGION, "DescribeDtsJobs");
    DtsRateLimiter stops = client.limiterFor(REGION, "StopDtsJob");
    assertNotSame(details, pages);
    assertNotSame(details, stops);
    assertNotSame(pages, stops);
    assertSame(stops, client.limiterFor(REGION, "DeleteDtsJob"), "undocumented: one budget");
    assertEquals(2 * pages.ceiling(), details.ceiling(), "40/s against 20/s, as documented");
    assertEquals(pages.ceiling(), stops.ceiling());
  }

  @Test
  void stopTakesEffectAndStoppingAgainIsAlreadyDone() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION).withStopDelayMillis(3000));

    DtsCallResult first = client.stop(job("job1"));
    assertFalse(first.alreadyDone());
    assertEquals("StopDtsJob", first.action());
    SimCall stop = dts.simulator.calls("StopDtsJob").get(0);
    assertEquals(stop.requestId(), first.requestId());
    assertEquals(REGION, stop.regionId());
    assertEquals(JobStatus.MIGRATING, client.describe(job("job1")).status(), "not yet in effect");

    dts.clock.advance(Duration.ofSeconds(3));
    assertEquals(JobStatus.FINISHED, client.describe(job("job1")).status());

    DtsCallResult again = client.stop(job("job1"));
    assertTrue(again.alreadyDone());
    assertEquals(1, dts.simulator.calls("StopDtsJob").size(), "no second StopDtsJob is sent");
  }

  @Test
  void aStopWhoseAnswerIsLostIsOutcomeUnknownAndTheRetryFindsItStopping() {
    AlibabaDtsClient unused =
        start(
            Scenario.of(
                    ACCESS_KEY_ID,
                    SECRET,
                    JobSpec.incremental("job1", REGION)
                        .withStopDelayMillis(60_000)
                        .withStoppingStatus("Stopping"))
                .withFault(
                    new FaultSpec(
                        FaultKind.LOST_ANSWER, "StopDtsJob", null, 1, null, null, null, 1500L)));
    Map<String, String> env = dts.env();
    env.put(DtsSettings.READ_TIMEOUT, "500");
    AlibabaDtsClient client = dts.client(env);

    DtsCallException lost = assertThrows(DtsCallException.class, () -> client.stop(job("job1")));

    assertEquals(DtsFailures.STOP_OUTCOME_UNKNOWN, lost.type(), lost.getMessage());
    assertTrue(lost.retryable());
    assertEquals(JobStatus.STOPPING, client.describe(job("job1")).status(), "it took effect");
    DtsCallResult retry = client.stop(job("job1"));
    assertTrue(retry.alreadyDone(), "the retry reads Stopping and sends no second stop");
    assertEquals(1, dts.simulator.calls("StopDtsJob").size());
  }

  @Test
  void aStopWhoseConnectionDropsIsNeverReportedAsRefused() {
    AlibabaDtsClient client =
        start(
            Scenario.of(
                    ACCESS_KEY_ID,
                    SECRET,
                    JobSpec.incremental("job1", REGION)
                        .withStopDelayMillis(60_000)
                        .withStoppingStatus("Stopping"))
                .withFault(FaultSpec.lostAnswer("StopDtsJob", 1)));

    DtsCallResult result;
    try {
      result = client.stop(job("job1"));
    } catch (DtsCallException e) {
      assertEquals(DtsFailures.STOP_OUTCOME_UNKNOWN, e.type(), e.getMessage());
      result = client.stop(job("job1"));
    }

    // Whether the HTTP client re-sent it by itself (DTS then refuses a second stop) or not, the
    // answer is the stop under way, never a refusal.
    assertTrue(result.alreadyDone());
    assertEquals(JobStatus.STOPPING, client.describe(job("job1")).status());
  }

  @Test
  void aStopRefusedOnStateWhileTheTaskStillReadsMigratingIsOutcomeUnknownNotRefused() {
    // The task shows no Stopping status: it reads Migrating until the stop takes effect.
    AlibabaDtsClient client =
        start(
            Scenario.of(
                    ACCESS_KEY_ID,
                    SECRET,
                    JobSpec.incremental("job1", REGION).withStopDelayMillis(60_000))
                .withFault(FaultSpec.lostAnswer("StopDtsJob", 1)));

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.stop(job("job1")));

    assertEquals(DtsFailures.STOP_OUTCOME_UNKNOWN, e.type(), e.getMessage());
    dts.clock.advance(Duration.ofSeconds(60));
    assertEquals(JobStatus.FINISHED, client.describe(job("job1")).status(), "it did stop");
  }

  @Test
  void aStopRefusedWhileTheTaskCannotBeStoppedIsARefusal() {
    AlibabaDtsClient client =
        start(
            Scenario.of(
                    ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION).withStatus("Locked"))
                .withFault(
                    FaultSpec.bodyError(
                        "StopDtsJob", "OperationDenied.JobStatus", "The job is locked", 1)));

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.stop(job("job1")));

    assertEquals(DtsFailures.JOB_STATE_UNSAFE, e.type(), e.getMessage());
    assertFalse(e.retryable());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stopRefusals")
  void aStopDtsRefusesIsADefinitiveRefusalAndTheTaskRuns(FaultSpec fault, String type) {
    AlibabaDtsClient client =
        start(
            Scenario.of(ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION))
                .withFault(fault));

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.stop(job("job1")));

    assertEquals(type, e.type(), e.getMessage());
    assertFalse(e.retryable(), "a refusal is definitive");
    assertEquals(JobStatus.MIGRATING, client.describe(job("job1")).status(), "the task runs on");
  }

  static Stream<Arguments> stopRefusals() {
    return Stream.of(
        Arguments.of(
            FaultSpec.httpError("StopDtsJob", 403, "Forbidden.RAM", "no StopDtsJob in policy", 1),
            DtsFailures.PERMISSION_DENIED),
        Arguments.of(
            FaultSpec.bodyError("StopDtsJob", "InvalidParameter", "DtsJobId is invalid", 1),
            DtsFailures.INVALID_PARAMETER));
  }

  @Test
  void aStopAnswered503IsOutcomeUnknownAndAThrottledOneWasNotActedOn() {
    AlibabaDtsClient client =
        start(
            Scenario.of(ACCESS_KEY_ID, SECRET, JobSpec.incremental("job1", REGION))
                .withFault(FaultSpec.of(FaultKind.SERVER_ERROR, "StopDtsJob", 1))
                .withFault(FaultSpec.throttling("StopDtsJob", 1)));

    DtsCallException unknown = assertThrows(DtsCallException.class, () -> client.stop(job("job1")));
    assertEquals(DtsFailures.STOP_OUTCOME_UNKNOWN, unknown.type(), unknown.getMessage());
    assertTrue(unknown.retryable());

    DtsCallException throttled =
        assertThrows(DtsCallException.class, () -> client.stop(job("job1")));
    assertEquals(DtsFailures.THROTTLED, throttled.type(), throttled.getMessage());
  }

  @Test
  void stopOfUnknownJobFails() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION));

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.stop(job("nope")));

    assertEquals(DtsFailures.JOB_NOT_FOUND, e.type());
  }

  @Test
  void deleteReleasesAFinishedTaskAndDeletingAgainIsAlreadyDone() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION).withStatus("Finished"));

    DtsCallResult first = client.delete(job("job1"));
    assertFalse(first.alreadyDone());
    assertFalse(dts.simulator.exists("job1"));
    assertEquals(dts.simulator.calls("DeleteDtsJob").get(0).requestId(), first.requestId());

    DtsCallResult again = client.delete(job("job1"));
    assertTrue(again.alreadyDone());
  }

  @Test
  void deleteAnsweredInstanceNotFoundIsAlreadyDone() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION).withStatus("Finished"));
    dts.simulator.addFault(
        FaultSpec.httpError("DeleteDtsJob", 403, "Forbidden.InstanceNotFound", "gone", 1));

    assertTrue(client.delete(job("job1")).alreadyDone());
  }

  @Test
  void deleteRefusesARunningTaskWithoutCallingDts() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION));

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.delete(job("job1")));

    assertEquals(DtsFailures.JOB_STATE_UNSAFE, e.type());
    assertFalse(e.retryable());
    assertTrue(dts.simulator.calls("DeleteDtsJob").isEmpty());
    assertTrue(dts.simulator.exists("job1"));
  }

  @Test
  void deleteOfPrePaidInstanceIsRefusedWithTheReason() {
    AlibabaDtsClient client =
        start(JobSpec.incremental("job1", REGION).withStatus("Finished").withPayType("PrePaid"));

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.delete(job("job1")));

    assertEquals(DtsFailures.CANNOT_RELEASE_PREPAID, e.type());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("console"), e.getMessage());
    assertTrue(dts.simulator.exists("job1"));
  }

  @Test
  void deletePrePaidRefusalFromDtsIsMappedToo() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION).withStatus("Finished"));
    dts.simulator.addFault(
        FaultSpec.bodyError(
            "DeleteDtsJob", "OperationDenied.PrePaidInstance", "cannot release PrePaid", 1));

    DtsCallException e = assertThrows(DtsCallException.class, () -> client.delete(job("job1")));

    assertEquals(DtsFailures.CANNOT_RELEASE_PREPAID, e.type());
  }

  @Test
  void everyCallCarriesTheRegion() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION).withStopDelayMillis(0));
    client.describe(job("job1"));
    client.stop(job("job1"));
    client.delete(job("job1"));

    List<String> regions = new ArrayList<>();
    dts.simulator.calls().forEach(call -> regions.add(call.regionId()));
    assertFalse(regions.isEmpty());
    regions.forEach(region -> assertEquals(REGION, region));
    assertNotNull(dts.simulator.calls("DeleteDtsJob").get(0));
  }
}
