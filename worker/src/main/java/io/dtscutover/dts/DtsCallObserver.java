package io.dtscutover.dts;

/**
 * Told the result of every request {@link AlibabaDtsClient} sends to DTS, one per request and under
 * the request's own action: the describe a stop reads first is a {@code DescribeDtsJobDetail},
 * never a {@code StopDtsJob}. For metrics; it must not throw or block.
 */
public interface DtsCallObserver {
  /** Observes nothing. */
  DtsCallObserver NONE =
      new DtsCallObserver() {
        @Override
        public void succeeded(String action) {}

        @Override
        public void failed(String action, String type) {}
      };

  /**
   * A request of {@code action} (like {@code DescribeDtsJobDetail}) that DTS answered with success.
   */
  void succeeded(String action);

  /** A request of {@code action} that failed with the {@link DtsFailures} type {@code type}. */
  void failed(String action, String type);
}
