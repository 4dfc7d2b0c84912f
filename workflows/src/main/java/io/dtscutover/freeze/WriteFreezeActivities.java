package io.dtscutover.freeze;

import io.temporal.activity.ActivityInterface;
import java.time.Duration;

/**
 * Stops writes on the source database, proves it, and puts the source back exactly as it was.
 *
 * <p>The contract that keeps the source safe:
 *
 * <ul>
 *   <li>{@link #prepare} changes nothing and records what {@link #freeze} will change;
 *   <li>{@link #freeze} and {@link #unfreeze} are idempotent: running either twice, or after a
 *       worker crash mid-way, leaves the same state as running it once;
 *   <li>{@link #unfreeze} restores everything in the receipt, whether or not {@link #freeze} ran or
 *       finished.
 * </ul>
 *
 * Failures are {@code ApplicationFailure}s typed with {@link FreezeFailures}.
 */
@ActivityInterface
public interface WriteFreezeActivities {

  /**
   * How long a restore may go without a heartbeat before the server takes its worker for dead and
   * retries it elsewhere: the worker heartbeats every restore while it runs.
   */
  Duration RESTORE_HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);

  /** Resolves the target and reads the state the freeze will change. Changes nothing. */
  FreezeReceipt prepare(FreezeSpec spec);

  /**
   * Applies the freeze and proves that it holds: its effect read back, and a write as the probe
   * account refused when one is configured. Returns the write counters to compare against later.
   * Fails with {@link FreezeFailures#NOT_HELD} when the proof fails.
   *
   * <p>Whether application sessions end depends on the strategy: {@code mysql-revoke}, {@code
   * pg-read-only} and {@code pg-revoke} end the application accounts' open sessions and wait until
   * they are gone. {@code mysql-read-only} ends none: {@code read_only} refuses the writes of open
   * sessions too, from their next statement. {@code sim} only tells the DTS simulator, and returns
   * no counters.
   */
  FreezeProof freeze(FreezeReceipt receipt);

  /**
   * Checks that the freeze still holds and that no write reached the source since {@code baseline};
   * fails with {@link FreezeFailures#BREACHED} when one did.
   */
  FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline);

  /**
   * Restores exactly what the receipt recorded. Safe to run any number of times. Runs under a 20 s
   * heartbeat timeout, so that a dead worker's restore is soon retried: the worker heartbeats it
   * while it runs (implementations need not).
   */
  void unfreeze(FreezeReceipt receipt);
}
