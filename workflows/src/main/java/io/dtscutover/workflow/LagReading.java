package io.dtscutover.workflow;

import java.time.Instant;

/**
 * A lag reading taken at a moment that matters (a gate, the start of a freeze, before the stop).
 *
 * @param moment what the reading was taken for, for example {@code before freeze gate}
 * @param delayMillis DTS's delay, or {@code null} when DTS gave none
 * @param caughtUp DTS's "not delayed"
 * @param requestId the DTS request id of the reading
 */
public record LagReading(
    Instant at, String moment, Long delayMillis, boolean caughtUp, String requestId) {}
