package io.dtscutover.workflow;

import java.time.Instant;

/**
 * A moment by which something must happen, and what to say when it does not.
 *
 * @param code the reason code if the deadline passes, for example {@link ReasonCode#FREEZE_BUDGET}
 * @param reason the abort reason if the deadline passes, for example {@code freeze budget
 *     exhausted}
 */
record Deadline(Instant at, ReasonCode code, String reason) {

  /** The earliest of the given deadlines; {@code null} entries are ignored. */
  static Deadline earliest(Deadline... deadlines) {
    Deadline first = null;
    for (Deadline deadline : deadlines) {
      if (deadline != null && (first == null || deadline.at.isBefore(first.at))) {
        first = deadline;
      }
    }
    return first;
  }
}
