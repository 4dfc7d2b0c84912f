package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares write counters taken while frozen: any counter that moved is a freeze breach. */
final class WriteCounters {
  private WriteCounters() {}

  /**
   * The proof of {@code verify}: {@code check} (the freeze's own state, read again) and {@code now}
   * unchanged since {@code baseline}, which {@code unchanged} says in the proof.
   *
   * @throws ApplicationFailure {@link FreezeFailures#BREACHED} when a counter moved
   */
  static FreezeProof verified(
      String check,
      FreezeProof baseline,
      Map<String, Long> now,
      String targetName,
      String unchanged) {
    requireUnchanged(baseline.writeCounters(), now, targetName);
    return new FreezeProof(Instant.now(), now, List.of(check, unchanged));
  }

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
