package io.dtscutover.proof;

import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.temporal.activity.ActivityInterface;
import java.time.Duration;
import java.time.Instant;

/**
 * Proves catch-up with a marker row: written on the frozen source, read back from the destination
 * DTS replicates into. The table is {@code dts_cutover_marker} ({@code id} string primary key,
 * {@code workflow_id}, {@code token}, {@code written_at}) on both ends; it must be one of the DTS
 * task's migration objects.
 *
 * <p>Failures are {@code ApplicationFailure}s typed with {@link MarkerFailures} or, for the targets
 * themselves, with {@code FreezeFailures}.
 */
@ActivityInterface
public interface MarkerActivities {

  /** How long {@link #write} looks for the marker on the destination before it returns. */
  Duration LOOK = Duration.ofSeconds(3);

  /**
   * Preflight: the table exists on both ends, the source account can write it under the freeze
   * strategy (a write rolled back), and the destination account can read it. Changes nothing.
   */
  MarkerCheck check(MarkerSpec spec);

  /**
   * Writes the marker row with {@code token} on the source, through a session the freeze leaves
   * able to write. Idempotent: a retry finds its own row and returns it. When {@code receipt} and
   * {@code baseline} are given, checks first that the source's write counters have not moved since
   * {@code baseline} (a breach fails with {@code FreezeFailures.BREACHED}) and returns the counters
   * after the marker as the new baseline. Then looks for the row on the destination for {@link
   * #LOOK} at most: a marker on a caught-up task usually arrives within it, and the workflow runs
   * this call as a local activity (one history event), so the usual proof costs no more.
   */
  MarkerWrite write(MarkerSpec spec, String token, FreezeReceipt receipt, FreezeProof baseline);

  /**
   * Polls the destination every {@code pollInterval} until the marker row with {@code token} is
   * there, heartbeating each poll; returns when it was first seen, or {@code null} when it was not
   * seen by one poll before the activity's schedule-to-close deadline (the wait's deadline).
   */
  Instant awaitSeen(MarkerSpec spec, String token, Duration pollInterval);
}
