package io.dtscutover.worker.dts;

import io.dtscutover.dts.JobSnapshot;
import java.time.Instant;
import java.util.List;

/**
 * One page of {@code DescribeDtsJobs}.
 *
 * @param jobs the tasks on this page, each timed at {@code readAt}
 * @param more whether later pages hold more tasks
 * @param requestId the DTS request id of the page
 * @param readAt when the page was read: the true time of every reading on it
 */
public record JobPage(List<JobSnapshot> jobs, boolean more, String requestId, Instant readAt) {
  public JobPage {
    jobs = List.copyOf(jobs);
  }
}
