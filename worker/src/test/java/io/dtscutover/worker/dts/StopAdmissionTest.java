package io.dtscutover.worker.dts;

import static io.dtscutover.dts.StopQueueCause.REGION_BUDGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link StopAdmission}: first held, first served, at the rate asked for, on plain instants. */
class StopAdmissionTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final StopAdmission<String> admission = new StopAdmission<>();

  private static Instant at(double seconds) {
    return T0.plusMillis((long) (seconds * 1000));
  }

  private List<String> admit(double seconds, double perSecond) {
    return admission.admit(at(seconds), perSecond, wait -> true).stream()
        .map(StopAdmission.Turn::waiter)
        .toList();
  }

  @Test
  void waitsFinishInTheOrderTheirWindowsHeldAtTheRateAskedFor() {
    for (String wait : List.of("a", "b", "c", "d", "e", "f")) {
      admission.held(wait, T0);
    }

    assertEquals(List.of("a", "b"), admit(0, 2), "one second's worth at once");
    assertEquals(List.of(), admit(0.4, 2));
    assertEquals(List.of("c"), admit(0.5, 2));
    admission.held("a-again", at(0.6)); // joins the tail
    assertEquals(List.of("d", "e"), admit(1.5, 2));
    assertEquals(List.of("f", "a-again"), admit(10, 2), "an idle bucket holds one second's worth");
    assertEquals(0, admission.size());
  }

  @Test
  void aTurnSaysHowLongItWaitedAndHowManyWereAhead() {
    admission.held("a", T0);
    admission.held("b", T0);
    admission.held("a", at(0.5)); // still held: keeps its place and its start

    List<StopAdmission.Turn<String>> first = admission.admit(at(0.5), 1, wait -> true);
    List<StopAdmission.Turn<String>> second = admission.admit(at(1.5), 1, wait -> true);

    assertEquals(
        new StopAdmission.Turn<>("a", T0, Duration.ofMillis(500), 0, false, REGION_BUDGET),
        first.get(0));
    assertEquals(
        new StopAdmission.Turn<>("b", T0, Duration.ofMillis(1500), 1, true, REGION_BUDGET),
        second.get(0));
  }

  @Test
  void aBreachWhileQueuedLeavesTheQueueAndHoldingAgainJoinsTheTail() {
    admission.held("a", T0);
    admission.held("b", T0);
    admission.held("c", T0);
    assertEquals(List.of("a"), admit(0, 1));

    admission.leave("b"); // lag came back: the hold restarts
    admission.held("b", at(0.8)); // it holds again later: behind c

    assertEquals(List.of("c"), admit(1, 1));
    List<StopAdmission.Turn<String>> b = admission.admit(at(2), 1, wait -> true);
    assertEquals("b", b.get(0).waiter());
    assertEquals(at(0.8), b.get(0).heldFrom(), "its window counts from the new hold");
  }

  @Test
  void aWaitCancelledWhileQueuedIsRemovedAndTakesNoTurn() {
    admission.held("a", T0);
    admission.held("b", T0);
    admission.held("c", T0);
    assertEquals(List.of("a"), admit(0, 1));

    Set<String> cancelled = Set.of("b");
    admission.removeIf(cancelled::contains);

    assertEquals(List.of("c"), admit(1, 1));
    assertEquals(0, admission.size());
  }

  @Test
  void aWaitWithoutAFreshReadingKeepsItsPlaceAndTakesNoTurn() {
    admission.held("stale", T0);
    admission.held("fresh", T0);

    List<StopAdmission.Turn<String>> turns =
        admission.admit(at(0), 1, wait -> !wait.equals("stale"));

    assertEquals(List.of("fresh"), turns.stream().map(StopAdmission.Turn::waiter).toList());
    assertEquals(1, admission.size());
    assertEquals("stale", admission.queued(at(1)).get(0).waiter());
    assertEquals(List.of("stale"), admit(1, 1), "its turn comes with a fresh reading");
  }

  @Test
  void withoutARateLimitEveryHeldWaitFinishesAtOnce() {
    admission.held("a", T0);
    admission.held("b", T0);

    List<StopAdmission.Turn<String>> turns =
        admission.admit(T0, Double.POSITIVE_INFINITY, wait -> true);

    assertEquals(2, turns.size());
    assertFalse(turns.get(1).queued());
    assertTrue(admission.queued(T0).isEmpty());
  }
}
