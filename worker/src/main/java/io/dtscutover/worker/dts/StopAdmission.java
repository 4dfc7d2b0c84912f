package io.dtscutover.worker.dts;

import io.dtscutover.dts.StopQueueCause;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The waits of one region whose quiet window has held, first held, first served, let finish only as
 * fast as the region's DTS budget can take their final calls (the workflow's final reading and
 * {@code StopDtsJob}). Without it, N windows that hold in the same second all complete at once and
 * their final calls queue at the rate limiter: the last stop then comes about N final calls / rate
 * after its evidence was read, the task frozen all along, on a reading that is no longer fresh.
 * With it, a wait stays watched while it queues, and completes on the reading taken when its turn
 * comes, so the stop follows its evidence within about a poll interval.
 *
 * <p>The budget is a bucket of turns: it fills at the rate asked for at each {@link #admit}, up to
 * one second's worth (at least one turn), and each turn taken empties one.
 *
 * <p>Not thread-safe: the region's reader thread owns it.
 *
 * @param <T> a wait
 */
final class StopAdmission<T> {
  private static final double NANOS = 1e9;

  /**
   * A queued wait: since when its window held, how many were ahead, the round it joined, and what
   * kept it queued in the last round.
   */
  private record Entry(Instant heldFrom, int ahead, long round, StopQueueCause cause) {}

  /**
   * A wait whose turn came.
   *
   * @param waiter the wait
   * @param heldFrom when its window first held
   * @param waited from {@code heldFrom} to its turn
   * @param ahead waits queued ahead of it when it joined
   * @param queued whether it waited past the round it joined in (the budget had no room then)
   * @param cause what kept it queued in the last round it waited: the region's budget, or the
   *     worker's finish cap
   */
  record Turn<T>(
      T waiter,
      Instant heldFrom,
      Duration waited,
      int ahead,
      boolean queued,
      StopQueueCause cause) {}

  private final Map<T, Entry> queue = new LinkedHashMap<>();
  private double turns = Double.NaN;
  private Instant filledAt;
  private long round;

  /** {@code wait}'s window holds, since {@code heldFrom}: it joins the tail, or keeps its place. */
  void held(T wait, Instant heldFrom) {
    queue.computeIfAbsent(
        wait, w -> new Entry(heldFrom, queue.size(), round, StopQueueCause.REGION_BUDGET));
  }

  /**
   * {@code wait}'s window no longer holds (a breach, a failed or missing reading), or its wait
   * ended: it leaves the queue, and holds again only from a new reading, at the tail.
   */
  void leave(T wait) {
    queue.remove(wait);
  }

  /** Removes the waits {@code gone} says ended elsewhere (cancelled, timed out). */
  void removeIf(Predicate<T> gone) {
    queue.keySet().removeIf(gone);
  }

  /**
   * The waits whose turn comes at {@code now}, head first, at most {@code perSecond} a second; each
   * leaves the queue. A wait {@code ready} refuses (its reading is not fresh) keeps its place and
   * takes no turn. A ready wait with a turn must also get a slot from {@code slot} (the worker's
   * finish cap, which serves windows of every region in the order they held); when it does not, it
   * stays queued, for the cap, and the waits behind it are asked.
   */
  List<Turn<T>> admit(Instant now, double perSecond, Predicate<T> ready, Predicate<T> slot) {
    fill(now, perSecond);
    List<Turn<T>> admitted = new ArrayList<>();
    StopQueueCause cause = StopQueueCause.REGION_BUDGET;
    Iterator<Map.Entry<T, Entry>> waits = queue.entrySet().iterator();
    while (turns >= 1 && waits.hasNext()) {
      Map.Entry<T, Entry> next = waits.next();
      if (!ready.test(next.getKey())) {
        continue;
      }
      if (!slot.test(next.getKey())) {
        // The cap keeps its free slots for windows held earlier, which may be further back here
        // (a later page of the same cycle joined first): try them rather than stop at the head.
        cause = StopQueueCause.WORKER_FINISH_CAP;
        continue;
      }
      Entry entry = next.getValue();
      waits.remove();
      turns -= 1;
      admitted.add(
          new Turn<>(
              next.getKey(),
              entry.heldFrom(),
              nonNegative(Duration.between(entry.heldFrom(), now)),
              entry.ahead(),
              entry.round() < round,
              entry.cause()));
    }
    for (Map.Entry<T, Entry> left : queue.entrySet()) {
      Entry entry = left.getValue();
      if (entry.cause() != cause) {
        left.setValue(new Entry(entry.heldFrom(), entry.ahead(), entry.round(), cause));
      }
    }
    round++;
    return admitted;
  }

  /** As {@link #admit(Instant, double, Predicate, Predicate)}, without a finish cap. */
  List<Turn<T>> admit(Instant now, double perSecond, Predicate<T> ready) {
    return admit(now, perSecond, ready, wait -> true);
  }

  private void fill(Instant now, double perSecond) {
    if (Double.isInfinite(perSecond)) {
      turns = Double.POSITIVE_INFINITY;
      filledAt = now;
      return;
    }
    double capacity = Math.max(1, perSecond);
    if (Double.isNaN(turns) || Double.isInfinite(turns)) {
      turns = capacity;
    } else {
      long elapsed = Math.max(0, Duration.between(filledAt, now).toNanos());
      turns = Math.min(capacity, turns + perSecond * elapsed / NANOS);
    }
    filledAt = now;
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** Every queued wait, head first, as it stands at {@code now} ({@code ahead} counts from now). */
  List<Turn<T>> queued(Instant now) {
    List<Turn<T>> standing = new ArrayList<>(queue.size());
    for (Map.Entry<T, Entry> wait : queue.entrySet()) {
      Entry entry = wait.getValue();
      standing.add(
          new Turn<>(
              wait.getKey(),
              entry.heldFrom(),
              nonNegative(Duration.between(entry.heldFrom(), now)),
              standing.size(),
              true,
              entry.cause()));
    }
    return standing;
  }

  /** Waits queued now. */
  int size() {
    return queue.size();
  }
}
