package io.dtscutover.worker.dts;

import io.dtscutover.dts.JobRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The worker process's cap on finishes in flight, shared by the readers of every region: a held
 * quiet window may end its wait only while fewer than {@code limit} windows this process let go
 * have not yet reached their {@code StopDtsJob}. Each region's own budget ({@link StopAdmission})
 * paces its windows to what DTS takes, but over many regions nothing would queue and hundreds of
 * windows would end at once, flooding the workflow's own steps between the wait and the stop (its
 * workflow tasks, the freeze check, the freeze guard's claim), so that the stop came tens of
 * seconds after its reading. With the cap the windows that have not gone yet stay watched and go in
 * order of when they first held, across regions.
 *
 * <p>While the Temporal server is behind on the worker's workflow tasks ({@code serverBehind}), no
 * window is let go at all: its first workflow task would wait behind the backlog, with the source
 * frozen and the window's reading getting older. It stays queued and watched until the server keeps
 * up, or for {@link #MAX_SERVER_HOLD} at most.
 *
 * <p>A slot is freed when this process sends the task's {@code StopDtsJob} ({@link #release}), or
 * after {@code slotTimeout} in case the workflow did not stop (a breach in the final reading, a
 * failed freeze check, a cancelled cutover), so a slot is never lost.
 *
 * <p>Thread-safe: every region's reader and every stop activity use it.
 */
final class FinishCap {
  /** How long a slot stays taken when its task's {@code StopDtsJob} never comes. */
  static final Duration SLOT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * How long after its turn a window's stop is late: half the stop's target of one poll interval
   * plus a second after the window held (at the default poll of 1 s), so that the worker's starts
   * yield ({@link StartPace}) before the target is missed.
   */
  static final Duration LATE = Duration.ofSeconds(1);

  /** The longest a held window waits for the Temporal server to catch up. */
  static final Duration MAX_SERVER_HOLD = Duration.ofMinutes(2);

  private record Held(Instant heldFrom, long order) {}

  private final int limit;
  private final Duration slotTimeout;
  private final Clock clock;
  private final BooleanSupplier serverBehind;
  private final Map<String, Held> queue = new HashMap<>();
  private final Map<String, Instant> inFlight = new HashMap<>();
  private long joined;

  /** At most {@code limit} finishes in flight, each slot kept at most {@code slotTimeout}. */
  FinishCap(int limit, Duration slotTimeout, Clock clock) {
    this(limit, slotTimeout, clock, () -> false);
  }

  /**
   * Like {@link #FinishCap(int, Duration, Clock)}, and no slot taken while {@code serverBehind}.
   */
  FinishCap(int limit, Duration slotTimeout, Clock clock, BooleanSupplier serverBehind) {
    if (limit < 1) {
      throw new IllegalArgumentException("a finish cap must be at least 1 (got " + limit + ")");
    }
    this.limit = limit;
    this.slotTimeout = slotTimeout;
    this.clock = clock;
    this.serverBehind = serverBehind;
  }

  /** The key of {@code job}'s slot: its region and id. */
  static String keyOf(JobRef job) {
    return job.regionId() + "/" + job.jobId();
  }

  /** {@code key}'s window holds since {@code heldFrom}: it queues, or keeps its place. */
  synchronized void held(String key, Instant heldFrom) {
    queue.computeIfAbsent(key, k -> new Held(heldFrom, joined++));
  }

  /** {@code key}'s window no longer holds, or its wait ended without a turn: it leaves. */
  synchronized void leave(String key) {
    queue.remove(key);
  }

  /**
   * Takes a slot for the queued {@code key} when one is free for it: the Temporal server keeps up
   * with the worker's workflow tasks, and fewer windows are in flight than the cap, by more than
   * the windows of any region that first held before it and still queue. Those keep their slots, so
   * that the order across regions is the order of holding.
   */
  synchronized boolean take(String key) {
    Held mine = queue.get(key);
    if (mine == null || heldBackForTheServer(mine)) {
      return false;
    }
    expire();
    int free = limit - inFlight.size();
    int ahead = 0;
    for (Held other : queue.values()) {
      if (before(other, mine)) {
        ahead++;
      }
    }
    if (ahead >= free) {
      return false;
    }
    queue.remove(key);
    inFlight.put(key, clock.instant());
    return true;
  }

  /** {@code key}'s {@code StopDtsJob} was sent (or its wait failed after its turn): slot freed. */
  synchronized void release(String key) {
    inFlight.remove(key);
  }

  /** Windows let go that have not reached their stop yet. */
  synchronized int inFlight() {
    expire();
    return inFlight.size();
  }

  /**
   * Whether {@code window} waits for the server to catch up: it is behind, and the window has not
   * waited {@link #MAX_SERVER_HOLD} since it first held. A server that stays behind (a degraded
   * cluster) thus delays each stop by that much at most, rather than keep every window waiting
   * until its cutover's deadline.
   */
  private boolean heldBackForTheServer(Held window) {
    return serverBehind.getAsBoolean()
        && window.heldFrom().isAfter(clock.instant().minus(MAX_SERVER_HOLD));
  }

  /** Whether a window let go more than {@link #LATE} ago has not reached its stop yet. */
  synchronized boolean anyLate() {
    expire();
    Instant lateFrom = clock.instant().minus(LATE);
    for (Instant taken : inFlight.values()) {
      if (taken.isBefore(lateFrom)) {
        return true;
      }
    }
    return false;
  }

  private static boolean before(Held a, Held b) {
    int byTime = a.heldFrom().compareTo(b.heldFrom());
    return byTime < 0 || (byTime == 0 && a.order() < b.order());
  }

  private void expire() {
    Instant oldest = clock.instant().minus(slotTimeout);
    for (Iterator<Instant> taken = inFlight.values().iterator(); taken.hasNext(); ) {
      if (taken.next().isBefore(oldest)) {
        taken.remove();
      }
    }
  }
}
