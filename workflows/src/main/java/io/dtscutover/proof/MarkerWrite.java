package io.dtscutover.proof;

import io.dtscutover.freeze.FreezeProof;
import java.time.Instant;

/**
 * A marker row written on the source.
 *
 * @param id the row's primary key
 * @param writtenAt when it was written (the worker's clock)
 * @param seenAt when the worker saw it on the destination in the few seconds it looked right after
 *     writing it, or {@code null} when it did not (then {@link MarkerActivities#awaitSeen} waits)
 * @param baseline the freeze's write counters taken right after the marker, which the next freeze
 *     check compares against (the marker's own row is not a breach); {@code null} when no freeze
 *     receipt was given
 */
public record MarkerWrite(String id, Instant writtenAt, Instant seenAt, FreezeProof baseline) {}
