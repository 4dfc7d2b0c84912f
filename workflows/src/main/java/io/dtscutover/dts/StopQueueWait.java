package io.dtscutover.dts;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.dtscutover.workflow.WireDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Time a wait whose quiet window had held spent queued for its region's stop budget: the worker
 * lets held windows finish only as fast as DTS's rate limit can take their final reading and their
 * {@code StopDtsJob}, first held, first served, and only while fewer than its finish cap of
 * admitted windows (all regions) are still on their way to {@code StopDtsJob}. The window kept
 * being watched meanwhile (a breach or a failed reading would have left the queue), so this is not
 * a shorter freeze: the source stays frozen while it waits, and the reading that ends the wait is
 * the one taken when its turn came.
 *
 * @param heldFrom when the window had first held (the reading that would have ended the wait
 *     without a queue)
 * @param waited from {@code heldFrom} to the turn (so far, in a heartbeat)
 * @param ahead waits of the same region queued ahead of it: when it joined the queue (in a result),
 *     or now (in a heartbeat)
 * @param waitedFor what it queued for last: the region's DTS budget or the worker's finish cap;
 *     {@code null} (older workers) means the region's budget
 */
public record StopQueueWait(
    Instant heldFrom,
    @JsonSerialize(using = WireDuration.Writer.class) Duration waited,
    int ahead,
    StopQueueCause waitedFor) {

  /** A wait queued for its region's budget. */
  public StopQueueWait(Instant heldFrom, Duration waited, int ahead) {
    this(heldFrom, waited, ahead, null);
  }

  /** One line for the timeline and {@code status}. */
  public String describe() {
    return "quiet window held from "
        + heldFrom
        + "; waited "
        + String.format(Locale.ROOT, "%.1f s", waited.toMillis() / 1000.0)
        + (waitedFor == StopQueueCause.WORKER_FINISH_CAP
            ? " for the worker's finish cap (DTS_FINISH_CAP stops in flight at most, none while the"
                + " Temporal server is behind; the region's stop budget had room) behind "
            : " for the region's stop budget behind ")
        + ahead
        + " other cutover"
        + (ahead == 1 ? "" : "s");
  }
}
