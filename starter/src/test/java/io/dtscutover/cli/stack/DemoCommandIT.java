package io.dtscutover.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.ShutdownSignal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cutover demo}, end to end, exactly as a newcomer runs it. */
class DemoCommandIT {
  /**
   * A hang guard, not a timing: a demo takes 20-50 s on an idle 2-core machine (the marker demos
   * start two PostgreSQL servers, and the lying one waits out its 25 s catch-up timeout), and twice
   * that with other test JVMs busy.
   */
  private static final Duration LIMIT = Duration.ofMinutes(4);

  @Test
  void demoCompletesACutoverApprovingEachGateAndExitsZero() {
    CliRun demo = assertTimeoutPreemptively(LIMIT, () -> CliRun.run(Map.of(), "demo"));

    assertEquals(ExitCodes.OK, demo.exitCode(), demo.toString());
    assertTrue(demo.out().contains("approving gate freeze as demo-approver"), demo.out());
    assertTrue(demo.out().contains("approving gate stop as demo-approver"), demo.out());
    assertTrue(demo.out().contains("» WAIT_FOR_ZERO_LAG"), demo.out());
    assertTrue(demo.out().contains("outcome   COMPLETED"), demo.out());
    assertTrue(demo.out().contains("task      stopped (Finished)"), demo.out());
  }

  @Test
  void interactiveDemoRejectingTheFreezeGateAbortsWithExitCodeOne() {
    CliRun demo =
        assertTimeoutPreemptively(
            LIMIT,
            () -> CliRun.run(Map.of(), "n\n", new ShutdownSignal(), "demo", "--interactive"));

    assertEquals(ExitCodes.CUTOVER_NOT_SUCCESSFUL, demo.exitCode(), demo.toString());
    assertTrue(demo.out().contains("Approve gate freeze? [y/N]"), demo.out());
    assertTrue(demo.out().contains("rejecting gate freeze"), demo.out());
    assertTrue(demo.out().contains("outcome   ABORTED"), demo.out());
    assertTrue(demo.out().contains("task      not stopped: still running"), demo.out());
  }

  @Test
  void markerProofDemoShowsTheMarkerWrittenAndSeenThenStops() {
    CliRun demo =
        assertTimeoutPreemptively(LIMIT, () -> CliRun.run(Map.of(), "demo", "--proof", "marker"));

    assertEquals(ExitCodes.OK, demo.exitCode(), demo.toString());
    assertTrue(demo.out().contains("marker written on demo-source at"), demo.out());
    assertTrue(demo.out().contains("seen on demo-destination at"), demo.out());
    assertTrue(demo.out().contains("outcome   COMPLETED"), demo.out());
  }

  @Test
  void markerProofDemoWithALyingDtsAbortsWithoutStopping() {
    CliRun demo =
        assertTimeoutPreemptively(
            LIMIT, () -> CliRun.run(Map.of(), "demo", "--proof", "marker", "--lying-dts"));

    assertEquals(ExitCodes.CUTOVER_NOT_SUCCESSFUL, demo.exitCode(), demo.toString());
    assertTrue(demo.out().contains("MARKER_NOT_SEEN"), demo.out());
    assertTrue(demo.out().contains("although DTS reported lag 0"), demo.out());
    assertTrue(demo.out().contains("task      not stopped: still running"), demo.out());
  }
}
