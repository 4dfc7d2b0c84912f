package io.dtscutover.worker.dts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.JobRef;
import io.dtscutover.simulator.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * {@link FinishCap}: at most K held windows of the process on their way to their stops, over all
 * regions, first held first, a slot freed by the stop, by a wait that ends without one, or after
 * the slot timeout; on a manual clock.
 */
class FinishCapTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String A1 = FinishCap.keyOf(JobRef.of("cn-hangzhou", "a1"));
  private static final String A2 = FinishCap.keyOf(JobRef.of("cn-hangzhou", "a2"));
  private static final String B1 = FinishCap.keyOf(JobRef.of("cn-beijing", "b1"));
  private static final String B2 = FinishCap.keyOf(JobRef.of("cn-beijing", "b2"));

  private final ManualClock clock = new ManualClock(T0);
  private final FinishCap cap = new FinishCap(2, Duration.ofSeconds(30), clock);

  @Test
  void atMostKInFlightAcrossTwoRegions() {
    cap.held(A1, T0);
    cap.held(B1, T0.plusMillis(100));
    cap.held(A2, T0.plusMillis(200));
    cap.held(B2, T0.plusMillis(300));

    assertTrue(cap.take(A1));
    assertTrue(cap.take(B1));
    assertFalse(cap.take(A2), "two in flight, over both regions");
    assertFalse(cap.take(B2));
    assertEquals(2, cap.inFlight());
  }

  @Test
  void aFinishIsLateOnceItsStopHasNotComeASecondAfterItsTurn() {
    cap.held(A1, T0);
    assertTrue(cap.take(A1));
    assertFalse(cap.anyLate(), "just let go");

    clock.advance(FinishCap.LATE);
    assertFalse(cap.anyLate(), "exactly a second is not late yet");
    clock.advance(Duration.ofMillis(1));
    assertTrue(cap.anyLate());

    cap.release(A1); // its StopDtsJob sent
    assertFalse(cap.anyLate(), "stopped: late no more");
  }

  @Test
  void noWindowIsLetGoWhileTheServerIsBehind() {
    AtomicBoolean behind = new AtomicBoolean(true);
    FinishCap watching = new FinishCap(2, Duration.ofSeconds(30), clock, behind::get);
    watching.held(A1, T0);

    assertFalse(watching.take(A1), "its first workflow task would wait behind the backlog");
    assertEquals(0, watching.inFlight());

    behind.set(false); // the server keeps up again
    assertTrue(watching.take(A1), "it kept its place and goes now");
  }

  @Test
  void aServerThatStaysBehindHoldsAWindowBackTwoMinutesAtMost() {
    FinishCap watching = new FinishCap(2, Duration.ofSeconds(30), clock, () -> true);
    watching.held(A1, T0);

    clock.advance(FinishCap.MAX_SERVER_HOLD.minusMillis(1));
    assertFalse(watching.take(A1), "still within the hold");
    clock.advance(Duration.ofMillis(1));
    assertTrue(watching.take(A1), "a degraded server delays the stop, never keeps it from coming");
  }

  @Test
  void aQueuedWindowIsNeverLate() {
    cap.held(A1, T0);
    clock.advance(Duration.ofMinutes(1));
    assertFalse(cap.anyLate(), "a window waiting for its turn is queued, not late");
  }

  @Test
  void theStopFreesTheSlot() {
    cap.held(A1, T0);
    cap.held(B1, T0);
    cap.held(A2, T0.plusSeconds(1));
    assertTrue(cap.take(A1));
    assertTrue(cap.take(B1));
    assertFalse(cap.take(A2));

    cap.release(FinishCap.keyOf(JobRef.of("cn-hangzhou", "a1"))); // a1's StopDtsJob sent

    assertTrue(cap.take(A2));
  }

  @Test
  void aSlotWhoseStopNeverComesIsFreedAfterTheTimeout() {
    cap.held(A1, T0);
    cap.held(B1, T0);
    cap.held(A2, T0.plusSeconds(1));
    assertTrue(cap.take(A1));
    assertTrue(cap.take(B1));

    clock.advance(Duration.ofSeconds(30));
    assertFalse(cap.take(A2), "30 s is not past the timeout yet");
    clock.advance(Duration.ofMillis(1));

    assertTrue(cap.take(A2), "both workflows gave up before their stops: their slots are free");
    assertEquals(1, cap.inFlight());
  }

  @Test
  void aCancelledWaitLeavesTheQueueAndHoldsNoPlace() {
    FinishCap one = new FinishCap(1, Duration.ofSeconds(30), clock);
    one.held(A1, T0);
    one.held(B1, T0.plusSeconds(1));

    one.leave(A1); // its window broke, or the workflow cancelled the wait

    assertTrue(one.take(B1), "nothing ahead of b1 any more");
  }

  @Test
  void firstHeldFirstServedAcrossRegionsWhicheverReaderAsksFirst() {
    FinishCap one = new FinishCap(1, Duration.ofSeconds(30), clock);
    one.held(B1, T0.plusSeconds(1));
    one.held(A1, T0); // another region's window, held earlier, reported later

    assertFalse(one.take(B1), "the one free slot is a1's: it held first");
    assertTrue(one.take(A1));
    one.release(A1);
    assertTrue(one.take(B1));
  }

  /**
   * A later page of the same cycle can join the region's queue before an earlier one: the window
   * that held first still gets the free slot, though it is not at the head of its region's queue.
   */
  @Test
  void aWindowHeldEarlierButFurtherBackInItsRegionsQueueStillGetsTheSlot() {
    FinishCap one = new FinishCap(1, Duration.ofSeconds(30), clock);
    StopAdmission<String> region = new StopAdmission<>();
    region.held(A2, T0.plusMillis(500));
    one.held(A2, T0.plusMillis(500));
    region.held(A1, T0);
    one.held(A1, T0);

    List<StopAdmission.Turn<String>> turns =
        region.admit(T0.plusSeconds(1), 10, wait -> true, one::take);

    assertEquals(List.of(A1), turns.stream().map(StopAdmission.Turn::waiter).toList());
    assertEquals(1, region.size(), "a2 waits for the cap");
  }

  @Test
  void onlyAQueuedWaitTakesASlot() {
    assertFalse(cap.take(A1), "a window that does not hold never goes");
    assertEquals(0, cap.inFlight());
  }
}
