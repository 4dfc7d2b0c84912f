package io.dtscutover.cli.view;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last few lag readings as a sparkline ({@code ▁▂▄█▅▂▁}), so an operator sees at a glance
 * whether replication is draining. Scaled to the largest reading shown; zero is always the lowest
 * bar.
 */
public final class LagTrend {
  private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};
  private static final int WIDTH = 20;

  private final Deque<Long> readings = new ArrayDeque<>();

  /** Adds a reading in milliseconds; unknown readings are skipped. */
  public void add(Long delayMillis) {
    if (delayMillis == null) {
      return;
    }
    readings.addLast(Math.max(0, delayMillis));
    if (readings.size() > WIDTH) {
      readings.removeFirst();
    }
  }

  /** The sparkline, or an empty string before the first reading. */
  public String sparkline() {
    long max = readings.stream().mapToLong(Long::longValue).max().orElse(0);
    StringBuilder line = new StringBuilder();
    for (long value : readings) {
      int index = max == 0 ? 0 : (int) Math.round((double) value * (BARS.length - 1) / max);
      line.append(BARS[index]);
    }
    return line.toString();
  }
}
