package io.dtscutover.proof;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.dtscutover.workflow.WireDuration;
import java.time.Duration;
import java.time.Instant;

/**
 * The marker proof of a cutover, as the status, the report, {@code watch} and the Web UI show it.
 *
 * @param source the target the marker was written to
 * @param destination the target it was read back from
 * @param token the marker's unique token
 * @param writtenAt when it was written on the source, or {@code null} before that
 * @param seenAt when it was first seen on the destination, or {@code null} while it is not
 * @param lag how long it took to reach the destination, or {@code null} while it has not
 */
public record MarkerProof(
    String source,
    String destination,
    String token,
    Instant writtenAt,
    Instant seenAt,
    @JsonSerialize(using = WireDuration.Writer.class) Duration lag) {

  /** The marker, now seen on the destination at {@code at}. */
  public MarkerProof seen(Instant at) {
    return new MarkerProof(
        source, destination, token, writtenAt, at, Duration.between(writtenAt, at));
  }

  /** One line for people: where the marker is and how long it took. */
  public String describe() {
    if (writtenAt == null) {
      return "marker from " + source + " to " + destination + ": not written yet";
    }
    if (seenAt == null) {
      return "marker written on "
          + source
          + " at "
          + writtenAt
          + ", not yet seen on "
          + destination;
    }
    return "marker written on "
        + source
        + " at "
        + writtenAt
        + ", seen on "
        + destination
        + " at "
        + seenAt
        + " (marker lag "
        + lag
        + ")";
  }
}
