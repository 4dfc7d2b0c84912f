package io.dtscutover.worker.dts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.simulator.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What counts as time spent in calls between two readings, and what is forgotten. */
class TimeInCallsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(T0);
  private final TimeInCalls inCalls = new TimeInCalls(clock);

  /** A call that takes {@code seconds}, then {@code idle} seconds outside any call. */
  private void call(long seconds, long idle) {
    inCalls.during(
        () -> {
          clock.advance(Duration.ofSeconds(seconds));
          return null;
        });
    clock.advance(Duration.ofSeconds(idle));
  }

  @Test
  void onlyTheTimeInsideCallsBetweenTheTwoInstantsCounts() {
    call(2, 3); // 0-2 in a call, 2-5 outside
    call(40, 1); // 5-45 in a call, 45-46 outside
    call(1, 0); // 46-47

    assertEquals(Duration.ofSeconds(43), inCalls.between(T0, at(47)));
    assertEquals(Duration.ofSeconds(41), inCalls.between(at(2), at(47)), "the idle 3 s do not");
    assertEquals(Duration.ofSeconds(10), inCalls.between(at(1), at(14)), "parts of calls count");
    assertEquals(Duration.ZERO, inCalls.between(at(2), at(5)));
    assertEquals(Duration.ZERO, inCalls.between(at(47), at(2)), "backwards");
    assertEquals(Duration.ZERO, inCalls.between(null, at(47)), "no earlier reading");
  }

  @Test
  void callsOlderThanTheHorizonAreForgottenSoTheirTimeNoLongerCounts() {
    call(60, 0);
    for (int i = 0; i < 2048; i++) {
      call(1, 0); // 34 minutes of one-second calls
    }

    Instant end = clock.instant();
    assertEquals(Duration.ofSeconds(60), inCalls.between(end.minusSeconds(60), end));
    // The first, long call is beyond the horizon: only what is remembered is excused.
    long remembered = inCalls.between(T0, end).toSeconds();
    assertTrue(remembered < 2048 + 60, "remembered " + remembered + " s");
    assertTrue(remembered >= TimeInCalls.HORIZON.toSeconds(), "remembered " + remembered);
  }

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }
}
