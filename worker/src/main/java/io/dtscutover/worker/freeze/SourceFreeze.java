package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;

/**
 * One write-freeze strategy bound to its target. {@link WriteFreezeActivitiesImpl} picks the
 * implementation for a receipt's {@link FreezeStrategy} and delegates to it; each implementation
 * keeps the {@link WriteFreezeActivities} contract: prepare changes nothing, freeze and unfreeze
 * are idempotent, unfreeze restores exactly what the receipt recorded.
 */
interface SourceFreeze {

  /** Reads what {@link #freeze} will change. Changes nothing. */
  FreezeReceipt prepare(FreezeSpec spec);

  /**
   * Applies the freeze, ends the application sessions if the strategy needs it (not every strategy
   * does), proves it holds, reads the counters.
   */
  FreezeProof freeze(FreezeReceipt receipt);

  /** Fails when the freeze no longer holds or the write counters moved since {@code baseline}. */
  FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline);

  /** Restores what the receipt recorded; safe without a freeze, after half a freeze, twice. */
  void unfreeze(FreezeReceipt receipt);
}
