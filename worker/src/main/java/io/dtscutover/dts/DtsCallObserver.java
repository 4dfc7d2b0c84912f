package io.dtscutover.dts;

import java.time.Duration;

/**
 * What the DTS client and its batched readers report about pacing, for metrics: throttled answers
 * as DTS sent them (one per refused HTTP call, whatever logical step made it), and the interval at
 * which each region's waiting tasks are really read.
 */
public interface DtsCallObserver {

  /** Reports nothing. */
  DtsCallObserver NONE =
      new DtsCallObserver() {
        @Override
        public void throttled(String action, String regionId) {}

        @Override
        public void readInterval(String regionId, Duration effective, boolean requestedMet) {}
      };

  /** DTS refused one {@code action} call in {@code regionId} on its rate limit. */
  void throttled(String action, String regionId);

  /**
   * The waiting tasks of {@code regionId} are read every {@code effective}; {@code requestedMet} is
   * false when that is longer than the poll interval the cutovers asked for.
   */
  void readInterval(String regionId, Duration effective, boolean requestedMet);
}
