package io.dtscutover.worker.dts;

/**
 * The full-load status of one task, from its {@code DescribeDtsJobs} item.
 *
 * @param rawStatus {@code DataInitializationStatus.Status} verbatim, or {@code null} when DTS did
 *     not list the task or gave no status (which never counts as finished)
 * @param requestId the DTS request id of the list call
 */
public record FullLoadReading(String rawStatus, String requestId) {}
