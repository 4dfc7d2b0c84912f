package io.dtscutover.worker.dts;

import static io.dtscutover.worker.dts.SimulatedDts.ACCESS_KEY_ID;
import static io.dtscutover.worker.dts.SimulatedDts.REGION;
import static io.dtscutover.worker.dts.SimulatedDts.SECRET;
import static io.dtscutover.worker.dts.SimulatedDts.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.TableDifference;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.simulator.DataCheckSpec;
import io.dtscutover.simulator.FaultSpec;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.simulator.SimCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code DescribeDataCheckTableDetails} through the real Alibaba SDK against the DTS simulator:
 * progress, differences (names and counts), paging, and the same error mapping as every DTS call.
 */
class DataVerificationClientTest {
  private SimulatedDts dts;

  @AfterEach
  void stopSimulator() {
    if (dts != null) {
      dts.close();
    }
  }

  private AlibabaDtsClient start(JobSpec job) {
    dts = new SimulatedDts(Scenario.of(ACCESS_KEY_ID, SECRET, job));
    return dts.client();
  }

  @Test
  void aCleanCompletedCheckPasses() {
    AlibabaDtsClient client =
        start(
            JobSpec.incremental("job1", REGION)
                .withDataChecks(
                    DataCheckSpec.done("incremental", "shop", "orders", 0),
                    DataCheckSpec.done("incremental", "shop", "items", 0)));

    VerificationState state =
        client.describeVerification(job("job1"), VerificationMode.INCREMENTAL);

    assertTrue(state.passes(), state.describe());
    assertEquals(2, state.checks().get(0).tables());
    assertEquals(2, state.checks().get(0).done());
    assertTrue(dts.simulator.calls("DescribeDataCheckTableDetails").size() >= 2);
    for (SimCall call : dts.simulator.calls("DescribeDataCheckTableDetails")) {
      assertEquals(200, call.httpStatus(), "signed and accepted like every action");
    }
  }

  @Test
  void differencesAreNamedWithTheirCountsOnlyForTheCheckAskedFor() {
    AlibabaDtsClient client =
        start(
            JobSpec.incremental("job1", REGION)
                .withDataChecks(
                    DataCheckSpec.done("full", "shop", "orders", 3),
                    DataCheckSpec.done("full", "shop", "items", 0),
                    DataCheckSpec.done("incremental", "shop", "payments", 7)));

    VerificationState full = client.describeVerification(job("job1"), VerificationMode.FULL);

    assertFalse(full.passes());
    assertEquals(
        List.of(new TableDifference(VerificationMode.FULL, "shop.orders", 3)), full.differences());

    VerificationState both = client.describeVerification(job("job1"), VerificationMode.BOTH);
    assertEquals(2, both.differences().size(), both.describe());
    assertTrue(both.describeDifferences().contains("shop.payments (7 rows differ"));
  }

  @Test
  void aRunningCheckIsNotCompletedUntilItIsDone() {
    AlibabaDtsClient client =
        start(
            JobSpec.incremental("job1", REGION)
                .withDataChecks(
                    DataCheckSpec.runningFor("incremental", "shop", "orders", 10_000),
                    DataCheckSpec.done("incremental", "shop", "items", 0)));

    VerificationState running =
        client.describeVerification(job("job1"), VerificationMode.INCREMENTAL);
    assertTrue(running.configured());
    assertFalse(running.completed(), running.describe());
    assertFalse(running.passes());

    dts.clock.advance(Duration.ofSeconds(11));
    assertTrue(client.describeVerification(job("job1"), VerificationMode.INCREMENTAL).passes());
  }

  @Test
  void aTaskWithoutTheCheckReadsAsNotConfigured() {
    AlibabaDtsClient client =
        start(
            JobSpec.incremental("job1", REGION)
                .withDataChecks(DataCheckSpec.done("incremental", "shop", "orders", 0)));

    VerificationState both = client.describeVerification(job("job1"), VerificationMode.BOTH);

    assertFalse(both.configured());
    assertEquals(List.of("full"), both.missingChecks());
    assertFalse(both.passes());
  }

  @Test
  void aTableListedAsInconsistentWithoutACountIsADifference() {
    AlibabaDtsClient client =
        start(
            JobSpec.incremental("job1", REGION)
                .withDataChecks(
                    new DataCheckSpec("full", "shop", "orders", "6", 0L, 0L),
                    DataCheckSpec.done("full", "shop", "items", 0)));

    VerificationState state = client.describeVerification(job("job1"), VerificationMode.FULL);

    assertTrue(state.hasDifferences(), state.describe());
    assertEquals("shop.orders", state.differences().get(0).table());
    assertFalse(state.passes());
  }

  @Test
  void aFailedTableFailsTheCheck() {
    AlibabaDtsClient client =
        start(
            JobSpec.incremental("job1", REGION)
                .withDataChecks(
                    new DataCheckSpec("full", "shop", "orders", "5", 0L, 0L),
                    DataCheckSpec.done("full", "shop", "items", 0)));

    VerificationState state = client.describeVerification(job("job1"), VerificationMode.FULL);

    assertTrue(state.failed());
    assertEquals(List.of("shop.orders"), state.checks().get(0).failedTables());
    assertFalse(state.passes());
  }

  @Test
  void readsEveryPageOfAManyTableTask() {
    List<DataCheckSpec> tables = new ArrayList<>();
    for (int i = 0; i < AlibabaDtsClient.DATA_CHECK_PAGE_SIZE + 12; i++) {
      tables.add(DataCheckSpec.done("full", "shop", "t" + i, 0));
    }
    tables.add(DataCheckSpec.done("full", "shop", "last", 2));
    AlibabaDtsClient client =
        start(
            JobSpec.incremental("job1", REGION)
                .withDataChecks(tables.toArray(DataCheckSpec[]::new)));

    VerificationState state = client.describeVerification(job("job1"), VerificationMode.FULL);

    assertEquals(AlibabaDtsClient.DATA_CHECK_PAGE_SIZE + 13, state.checks().get(0).tables());
    assertEquals("shop.last", state.differences().get(0).table());
  }

  @Test
  void throttlingIsRetryableAndABodyRefusalIsTypedLikeEveryCall() {
    AlibabaDtsClient client =
        start(
            JobSpec.incremental("job1", REGION)
                .withDataChecks(DataCheckSpec.done("full", "shop", "orders", 0)));
    dts.simulator.addFault(FaultSpec.throttling("DescribeDataCheckTableDetails", 1));

    DtsCallException throttled =
        assertThrows(
            DtsCallException.class,
            () -> client.describeVerification(job("job1"), VerificationMode.FULL));
    assertEquals(DtsFailures.THROTTLED, throttled.type());
    assertTrue(throttled.retryable());

    dts.simulator.addFault(
        FaultSpec.bodyError("DescribeDataCheckTableDetails", "Forbidden.RAM", "no permission", 1));
    DtsCallException refused =
        assertThrows(
            DtsCallException.class,
            () -> client.describeVerification(job("job1"), VerificationMode.FULL));
    assertEquals(DtsFailures.PERMISSION_DENIED, refused.type());
    assertFalse(refused.retryable());
    assertTrue(
        refused.getMessage().contains("DescribeDataCheckTableDetails"), refused.getMessage());

    assertTrue(client.describeVerification(job("job1"), VerificationMode.FULL).passes());
  }

  @Test
  void anUnknownJobIsNotFound() {
    AlibabaDtsClient client = start(JobSpec.incremental("job1", REGION));

    DtsCallException e =
        assertThrows(
            DtsCallException.class,
            () -> client.describeVerification(job("nope"), VerificationMode.FULL));

    assertEquals(DtsFailures.JOB_NOT_FOUND, e.type());
  }
}
