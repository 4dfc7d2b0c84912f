package io.dtscutover.worker.dts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The time a {@link RegionReader} spent inside its DTS calls (waiting for its turn at the limiter,
 * then for the answer), on the reader's clock. While the reader waits at the limiter behind other
 * calls (the stops of other cutovers, a rate DTS throttled down) it watches as fast as DTS lets
 * anyone watch, so a reading that came late for that reason is not unwatched time: the hold's gap
 * tolerance grows by the time spent in calls between two readings ({@link #between}). Time outside
 * every call (a stalled or paused process, a reader that fell behind) is never excused, and a
 * failed reading restarts the hold whatever the gap.
 *
 * <p>Used by the reader's thread only. Calls older than {@link #HORIZON} are forgotten (their time
 * is then not excused: a longer gap restarts the hold, the safe side).
 */
final class TimeInCalls {
  static final Duration HORIZON = Duration.ofMinutes(15);

  /** How many forgotten calls are dropped at once. */
  private static final int DROP_AT_ONCE = 1024;

  /** One call, in nanoseconds since the epoch, and the time in calls before it. */
  private record Call(long start, long end, long before) {}

  private final Clock clock;
  private final List<Call> calls = new ArrayList<>();
  private long total;

  TimeInCalls(Clock clock) {
    this.clock = clock;
  }

  /** Makes {@code call} and remembers how long it took. */
  <T> T during(Supplier<T> call) {
    long start = nanos(clock.instant());
    try {
      return call.get();
    } finally {
      long end = Math.max(start, nanos(clock.instant()));
      calls.add(new Call(start, end, total));
      total += end - start;
      forgetBefore(end - HORIZON.toNanos());
    }
  }

  /** The time spent in calls from {@code from} to {@code to}; zero when either is unknown. */
  Duration between(Instant from, Instant to) {
    if (from == null || to == null || !to.isAfter(from)) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(upTo(nanos(to)) - upTo(nanos(from)));
  }

  /** The time in the calls remembered, and in the older ones, up to {@code at}. */
  private long upTo(long at) {
    int low = 0;
    int high = calls.size() - 1;
    int last = -1; // the last call started before at
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (calls.get(mid).start() < at) {
        last = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (last < 0) {
      return calls.isEmpty() ? total : calls.get(0).before();
    }
    Call call = calls.get(last);
    return call.before() + Math.min(at, call.end()) - call.start();
  }

  private void forgetBefore(long oldest) {
    int forgotten = 0;
    while (forgotten < calls.size() && calls.get(forgotten).end() < oldest) {
      forgotten++;
      if (forgotten >= DROP_AT_ONCE) {
        calls.subList(0, forgotten).clear();
        return;
      }
    }
  }

  private static long nanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }
}
