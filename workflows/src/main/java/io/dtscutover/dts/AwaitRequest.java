package io.dtscutover.dts;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.dtscutover.workflow.WireDuration;
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
    @JsonSerialize(using = WireDuration.Writer.class) Duration maxLag,
    @JsonSerialize(using = WireDuration.Writer.class) Duration holdFor,
    @JsonSerialize(using = WireDuration.Writer.class) Duration pollInterval) {}
