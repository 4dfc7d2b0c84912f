package io.dtscutover.freeze;

import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares write counters taken while frozen: any counter that moved is a freeze breach. */
final class WriteCounters {
  private WriteCounters() {}

  /**
   * Throws {@link FreezeFailures#BREACHED} when a counter in {@code now} differs from {@code
   * baseline}, naming each counter and by how much it moved.
   */
  static void requireUnchanged(
      Map<String, Long> baseline, Map<String, Long> now, String targetName) {
    List<String> moved = new ArrayList<>();
    baseline.forEach(
        (name, before) -> {
          Long after = now.get(name);
          if (after != null && !after.equals(before)) {
            moved.add(name + " " + before + " -> " + after);
          }
        });
    if (!moved.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "writes reached freeze target '"
              + targetName
              + "' while it was frozen ("
              + String.join(", ", moved)
              + "): find the writer before cutting over; the cutover must not stop DTS on a"
              + " moving source",
          FreezeFailures.BREACHED);
    }
  }
}
