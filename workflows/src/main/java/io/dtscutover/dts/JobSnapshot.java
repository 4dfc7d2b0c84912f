package io.dtscutover.dts;

import java.time.Duration;
import java.time.Instant;

/**
 * One reading of a DTS task, normalised from {@code DescribeDtsJobDetail}.
 *
 * <p>Raw DTS values are kept next to the normalised ones so that a report always shows what DTS
 * actually said. {@code delayMillis} is DTS's {@code Delay} converted by the adapter (its unit is
 * documented inconsistently, see the DTS reference); only zero is unit-free, which is why the
 * runbook's final check is {@link #caughtUp()}.
 *
 * @param fullLoadConfigured {@code MigrationMode.DataInitialization}
 * @param incrementalConfigured {@code MigrationMode.DataSynchronization}
 * @param fullLoadStatus {@code DataInitializationStatus.Status}, or {@link FullLoadStatus#ABSENT}
 *     when the reading did not ask {@code DescribeDtsJobs} for it
 * @param delayMillis replication delay, or {@code null} when DTS did not report one
 * @param requestId the DTS request id of the call that produced this reading
 */
public record JobSnapshot(
    JobRef job,
    String jobName,
    JobStatus status,
    String rawStatus,
    boolean fullLoadConfigured,
    boolean incrementalConfigured,
    IncrementalStatus incrementalStatus,
    String rawIncrementalStatus,
    FullLoadStatus fullLoadStatus,
    String rawFullLoadStatus,
    Long delayMillis,
    String payType,
    String errorMessage,
    String requestId,
    Instant observedAt) {

  /** DTS's "not delayed": a delay of exactly zero and incremental status {@code Catched}. */
  public boolean caughtUp() {
    return delayMillis != null
        && delayMillis == 0
        && incrementalStatus == IncrementalStatus.CATCHED;
  }

  /**
   * The task is migrating and replicating change data (it has left full load). {@code Initializing}
   * never counts, whatever the incremental status says.
   */
  public boolean incrementalRunning() {
    return (status == JobStatus.MIGRATING || status == JobStatus.SYNCHRONIZING)
        && incrementalConfigured
        && incrementalStatus.isRunning();
  }

  /**
   * The full load is known to be over: the task was configured without one, or DTS reports it
   * {@code Finished}. A reading without the full-load status never proves it.
   */
  public boolean fullLoadFinished() {
    return !fullLoadConfigured || fullLoadStatus == FullLoadStatus.FINISHED;
  }

  /**
   * This reading with the full-load status DTS gave elsewhere ({@code DescribeDtsJobs}); {@code
   * null} is {@link FullLoadStatus#ABSENT}.
   */
  public JobSnapshot withFullLoadStatus(String raw) {
    return new JobSnapshot(
        job,
        jobName,
        status,
        rawStatus,
        fullLoadConfigured,
        incrementalConfigured,
        incrementalStatus,
        rawIncrementalStatus,
        FullLoadStatus.fromDts(raw),
        raw,
        delayMillis,
        payType,
        errorMessage,
        requestId,
        observedAt);
  }

  /** Subscription instances cannot be released through the API. */
  public boolean prePaid() {
    return "PrePaid".equalsIgnoreCase(payType);
  }

  /** The replication delay, or {@code null} when unknown. */
  public Duration lag() {
    return delayMillis == null ? null : Duration.ofMillis(delayMillis);
  }

  /** A short human summary, for timelines and activity summaries. */
  public String describe() {
    StringBuilder text = new StringBuilder(rawStatus == null ? status.name() : rawStatus);
    if (incrementalConfigured) {
      text.append(", incremental ")
          .append(rawIncrementalStatus == null ? "-" : rawIncrementalStatus)
          .append(", lag ")
          .append(delayMillis == null ? "unknown" : delayMillis + " ms");
    } else {
      text.append(", full load only");
    }
    return text.toString();
  }
}
