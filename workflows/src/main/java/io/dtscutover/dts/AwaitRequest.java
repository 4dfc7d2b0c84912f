package io.dtscutover.dts;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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
 * @param stopFollows for a quiet window ({@link WaitCondition#CAUGHT_UP} held for a while): whether
 *     the workflow goes straight on to its final reading and {@code StopDtsJob} when the window
 *     holds (true), or something waits in between, a person or a wave at the stop gate or a DTS
 *     data verification (false). A worker paces only the windows a stop follows (the region's stop
 *     budget, its finish cap); a window before a gate ends at once, since its stop comes when the
 *     gate opens. {@code null} (older workflows, other waits) counts as true.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AwaitRequest(
    JobRef job,
    WaitCondition condition,
    @JsonSerialize(using = WireDuration.Writer.class) Duration maxLag,
    @JsonSerialize(using = WireDuration.Writer.class) Duration holdFor,
    @JsonSerialize(using = WireDuration.Writer.class) Duration pollInterval,
    Boolean stopFollows) {

  /** A wait that says nothing of what follows it. */
  public AwaitRequest(
      JobRef job,
      WaitCondition condition,
      Duration maxLag,
      Duration holdFor,
      Duration pollInterval) {
    this(job, condition, maxLag, holdFor, pollInterval, null);
  }

  /** Whether a stop follows right after this wait ends, as far as it says ({@code null}: yes). */
  public boolean endsBeforeAStop() {
    return !Boolean.FALSE.equals(stopFollows);
  }
}
