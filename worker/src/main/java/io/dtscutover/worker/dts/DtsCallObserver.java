package io.dtscutover.worker.dts;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Told what {@link AlibabaDtsClient} and its batched readers see of DTS, for metrics: the result of
 * every request, one per request and under the request's own action (the describe a stop reads
 * first is a {@code DescribeDtsJobDetail}, never a {@code StopDtsJob}); each throttled HTTP call,
 * once, under the action that made it; and the interval at which each region's waiting tasks are
 * really read. It must not throw or block.
 */
public interface DtsCallObserver {
  /** Observes nothing. */
  DtsCallObserver NONE =
      new DtsCallObserver() {
        @Override
        public void succeeded(String action) {}

        @Override
        public void failed(String action, String type) {}

        @Override
        public void throttled(String action, String regionId) {}

        @Override
        public void readInterval(String regionId, Duration effective, boolean requestedMet) {}
      };

  /**
   * A request of {@code action} (like {@code DescribeDtsJobDetail}) that DTS answered with success.
   */
  void succeeded(String action);

  /** A request of {@code action} that failed with the {@link DtsFailures} type {@code type}. */
  void failed(String action, String type);

  /**
   * DTS refused one {@code action} HTTP call in {@code regionId} on its rate limit (the request is
   * also reported {@link #failed} once, whatever retries it made).
   */
  void throttled(String action, String regionId);

  /**
   * The waiting tasks of {@code regionId} are read every {@code effective}; {@code requestedMet} is
   * false when that is longer than the poll interval the cutovers asked for.
   */
  void readInterval(String regionId, Duration effective, boolean requestedMet);

  /** {@code queued} held quiet windows of {@code regionId} wait for the region's stop budget. */
  default void stopQueue(String regionId, int queued) {}

  /**
   * A held quiet window of {@code regionId} got its turn at the stop budget after {@code waited}
   * (zero when the budget had room at once).
   */
  default void stopQueueWait(String regionId, Duration waited) {}

  /**
   * From now on, {@code behind} says whether the Temporal server is behind on this worker's
   * workflow tasks, so that the worker holds back held windows and new cutovers.
   */
  default void watchTemporal(BooleanSupplier behind) {}
}
