package io.dtscutover.workflow;

import io.dtscutover.dts.DtsFailures;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.proof.MarkerActivities;
import io.dtscutover.proof.MarkerCheck;
import io.dtscutover.proof.MarkerFailures;
import io.dtscutover.proof.MarkerSpec;
import io.dtscutover.proof.MarkerWrite;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The marker table of a source and a destination, faked at the activity interface. */
final class FakeMarkerActivities implements MarkerActivities {
  static final Instant WRITTEN_AT = Instant.parse("2026-03-01T02:10:00Z");
  static final Instant SEEN_AT = Instant.parse("2026-03-01T02:10:02Z");

  /** The baseline the write returns: the freeze's next verify must compare against it. */
  static final FreezeProof AFTER_MARKER =
      new FreezeProof(WRITTEN_AT, Map.of("Handler_write", 1L), List.of("after the marker"));

  private final List<String> calls;
  private volatile boolean lost;
  private volatile boolean tableMissing;
  private volatile boolean slow;
  private volatile boolean answersNotSeen;
  volatile MarkerSpec lastSpec;
  volatile String writtenToken;

  /** Records its calls in {@code calls}, which may be shared with other fakes to see the order. */
  FakeMarkerActivities(List<String> calls) {
    this.calls = calls;
  }

  /** The marker never reaches the destination: the lying metric. */
  FakeMarkerActivities lost() {
    lost = true;
    return this;
  }

  /** The marker never arrives, and the wait says so itself instead of timing out. */
  FakeMarkerActivities lostAndSaysSo() {
    lost = true;
    answersNotSeen = true;
    return this;
  }

  /** The marker arrives, but only after the write's first look. */
  FakeMarkerActivities slow() {
    slow = true;
    return this;
  }

  /** The preflight finds no marker table on the destination. */
  FakeMarkerActivities tableMissing() {
    tableMissing = true;
    return this;
  }

  @Override
  public MarkerCheck check(MarkerSpec spec) {
    calls.add("marker.check:" + spec.source() + "->" + spec.destination());
    lastSpec = spec;
    if (tableMissing) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no table dts_cutover_marker on destination "
              + spec.destination()
              + ": run cutover marker init --target "
              + spec.destination(),
          MarkerFailures.TABLE_MISSING);
    }
    return new MarkerCheck(List.of("marker table present on both ends"));
  }

  @Override
  public MarkerWrite write(
      MarkerSpec spec, String token, FreezeReceipt receipt, FreezeProof baseline) {
    calls.add("marker.write:" + spec.source());
    writtenToken = token;
    return new MarkerWrite(
        token, WRITTEN_AT, lost || slow ? null : SEEN_AT, receipt == null ? null : AFTER_MARKER);
  }

  @Override
  public Instant awaitSeen(MarkerSpec spec, String token, Duration pollInterval) {
    calls.add("marker.awaitSeen:" + spec.destination());
    if (lost && answersNotSeen) {
      return null;
    }
    if (lost || !token.equals(writtenToken)) {
      // Not there yet: fail retryably, a retry the test server can skip in time.
      throw ApplicationFailure.newBuilder()
          .setMessage("marker not seen yet")
          .setType(DtsFailures.TRANSIENT)
          .setNextRetryDelay(Duration.ofMinutes(1))
          .build();
    }
    return SEEN_AT;
  }
}
