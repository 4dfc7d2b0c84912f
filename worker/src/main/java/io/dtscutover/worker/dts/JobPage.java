package io.dtscutover.worker.dts;

import io.dtscutover.dts.JobSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One page of {@code DescribeDtsJobs}.
 *
 * @param jobs the tasks on this page that read well, each timed at {@code readAt}
 * @param more whether later pages hold more tasks
 * @param requestId the DTS request id of the page
 * @param readAt when the page was read: the true time of every reading on it
 * @param unreadable the tasks on this page whose item DTS answered so that it cannot be true (a
 *     {@code Delay} that is no lag, no {@code Status}), by job id: for each, the {@link
 *     io.dtscutover.dts.DtsFailures#UNREADABLE} failure a reading of it is, naming the field and
 *     its value. Such a task is on the page but has no reading: never low, never safe.
 */
public record JobPage(
    List<JobSnapshot> jobs,
    boolean more,
    String requestId,
    Instant readAt,
    Map<String, DtsCallException> unreadable) {
  public JobPage {
    jobs = List.copyOf(jobs);
    unreadable = Map.copyOf(unreadable);
  }

  /** A page on which every task read well. */
  public JobPage(List<JobSnapshot> jobs, boolean more, String requestId, Instant readAt) {
    this(jobs, more, requestId, readAt, Map.of());
  }
}
