package io.dtscutover.dts;

import java.time.Duration;

/**
 * Asks an await activity to poll a job until {@code condition} has held for {@code holdFor}.
 *
 * @param maxLag the threshold for {@link WaitCondition#LAG_AT_MOST}; ignored otherwise
 * @param holdFor how long the condition must hold without a break; zero returns at the first
 *     reading that meets it
 * @param pollInterval time between two readings
 */
public record AwaitRequest(
    JobRef job,
    WaitCondition condition,
    Duration maxLag,
    Duration holdFor,
    Duration pollInterval) {}
