package io.dtscutover.workflow;

import static io.dtscutover.workflow.CutoverTestEnvironment.registerAndStart;
import static io.dtscutover.workflow.CutoverTestEnvironment.request;
import static io.dtscutover.workflow.CutoverTestEnvironment.result;
import static io.dtscutover.workflow.CutoverTestEnvironment.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.proof.ProofMode;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Marker proof: a marker written on the frozen source must be seen on the destination. */
class MarkerProofTest {
  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  private static CutoverRequest.Builder withMarker() {
    return request().proof(ProofMode.MARKER, null, "orders-dest");
  }

  @Test
  void aMarkerSeenOnTheDestinationStartsTheQuietWindowThenTheTaskStopsOnce(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.incremental(0));
    FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
    FakeMarkerActivities markers = new FakeMarkerActivities(dts.calls);
    registerAndStart(env, worker, dts, source, markers);

    CutoverReport report = result(start(client, worker, withMarker().build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertEquals(
        List.of(
            "describeJob:dtsjob01",
            "marker.check:orders-db->orders-dest",
            "awaitCondition:LAG_AT_MOST:PT0S",
            "awaitCondition:CAUGHT_UP:PT0S",
            "marker.write:orders-db",
            "awaitCondition:CAUGHT_UP:PT3M",
            "describeJob:dtsjob01",
            "stopJob:dtsjob01",
            "awaitCondition:STOPPED:PT0S"),
        dts.calls,
        "zero lag, then the marker, then the quiet window counted from the marker seen");
    assertEquals(FreezeStrategy.MYSQL_READ_ONLY, markers.lastSpec.strategy());
    assertEquals(
        List.of(FakeMarkerActivities.AFTER_MARKER),
        source.verifyBaselines,
        "after the marker, the freeze is verified (once, beside the final reading) against the"
            + " counters that include it");
    assertEquals(FakeMarkerActivities.WRITTEN_AT, report.marker().writtenAt());
    assertEquals(FakeMarkerActivities.SEEN_AT, report.marker().seenAt());
    assertEquals(Duration.ofSeconds(2), report.marker().lag());
    assertEquals(markers.writtenToken, report.marker().token());
    assertTrue(
        report.timeline().stream().anyMatch(e -> e.event().contains("marker lag PT2S")),
        report.timeline().toString());
  }

  @Test
  void aMarkerNotThereAtTheFirstLookIsAwaitedThenTheQuietWindowStarts(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.incremental(0));
    FakeMarkerActivities markers = new FakeMarkerActivities(dts.calls).slow();
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities(), markers);

    CutoverReport report = result(start(client, worker, withMarker().build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    List<String> calls = dts.calls;
    int seen = calls.indexOf("marker.awaitSeen:orders-dest");
    assertTrue(seen > calls.indexOf("marker.write:orders-db"), calls.toString());
    assertEquals("awaitCondition:CAUGHT_UP:PT3M", calls.get(seen + 1), calls.toString());
    assertEquals(FakeMarkerActivities.SEEN_AT, report.marker().seenAt());
  }

  @Test
  void aMarkerThatNeverArrivesAbortsAndRestoresAlthoughDtsSaysLagZero(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.incremental(0));
    FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
    FakeMarkerActivities markers = new FakeMarkerActivities(dts.calls).lost();
    registerAndStart(env, worker, dts, source, markers);

    CutoverReport report = result(start(client, worker, withMarker().build()));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.MARKER_NOT_SEEN, report.reason());
    assertTrue(
        report
            .message()
            .contains(
                "the marker written on orders-db at "
                    + FakeMarkerActivities.WRITTEN_AT
                    + " never reached the destination orders-dest"),
        report.message());
    assertTrue(report.message().contains("although DTS reported lag 0"), report.message());
    assertTrue(dts.callsTo("stopJob").isEmpty(), "a marker that never arrived stops nothing");
    assertFalse(source.frozen, "the source is restored");
    assertFalse(report.sourceFrozen());
    assertNull(report.marker().seenAt());
  }

  @Test
  void aWaitThatAnswersNotSeenAbortsLikeATimeout(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.incremental(0));
    FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
    FakeMarkerActivities markers = new FakeMarkerActivities(dts.calls).lostAndSaysSo();
    registerAndStart(env, worker, dts, source, markers);

    CutoverReport report = result(start(client, worker, withMarker().build()));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.MARKER_NOT_SEEN, report.reason(), report.message());
    assertTrue(dts.callsTo("stopJob").isEmpty());
    assertFalse(source.frozen);
  }

  @Test
  void aMissingMarkerTableIsRefusedBeforeAnyDowntime(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.incremental(0));
    FakeWriteFreezeActivities source = new FakeWriteFreezeActivities();
    FakeMarkerActivities markers = new FakeMarkerActivities(dts.calls).tableMissing();
    registerAndStart(env, worker, dts, source, markers);

    CutoverReport report = result(start(client, worker, withMarker().build()));

    assertEquals(Outcome.ABORTED, report.outcome(), report.message());
    assertEquals(ReasonCode.MARKER_UNUSABLE, report.reason());
    assertTrue(report.message().contains("cutover marker init --target orders-dest"));
    assertEquals(List.of(), source.calls, "nothing was frozen");
    assertEquals(List.of("describeJob:dtsjob01", "marker.check:orders-db->orders-dest"), dts.calls);
  }

  @Test
  void aDryRunChecksTheMarkerTableAndPlansTheProof(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.incremental(0));
    FakeMarkerActivities markers = new FakeMarkerActivities(dts.calls);
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities(), markers);

    CutoverReport report = result(start(client, worker, withMarker().dryRun(true).build()));

    assertEquals(Outcome.DRY_RUN, report.outcome(), report.message());
    assertEquals(List.of("describeJob:dtsjob01", "marker.check:orders-db->orders-dest"), dts.calls);
    assertTrue(
        report.plan().stream().anyMatch(step -> step.startsWith("write a marker row on orders-db")),
        report.plan().toString());
  }

  @Test
  void aManualFreezeWritesTheMarkerToTheProofSourceWithoutAReceipt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    FakeDtsActivities dts = new FakeDtsActivities().describes(Snapshots.incremental(0));
    FakeMarkerActivities markers = new FakeMarkerActivities(dts.calls);
    registerAndStart(env, worker, dts, new FakeWriteFreezeActivities(), markers);

    CutoverReport report =
        result(
            start(
                client,
                worker,
                request()
                    .freeze(FreezeStrategy.NONE, null)
                    .proof(ProofMode.MARKER, "orders-src", "orders-dest")
                    .build()));

    assertEquals(Outcome.COMPLETED, report.outcome(), report.message());
    assertTrue(dts.calls.contains("marker.write:orders-src"), dts.calls.toString());
    assertEquals("orders-src", report.marker().source());
  }
}
