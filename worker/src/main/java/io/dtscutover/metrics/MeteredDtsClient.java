package io.dtscutover.metrics;

import io.dtscutover.dts.DtsCallException;
import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.DtsClient;
import io.dtscutover.dts.FullLoadReading;
import io.dtscutover.dts.JobPage;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A {@link DtsClient} that counts every call it passes on, by DTS action and result (see {@link
 * DtsCallMetrics}), and changes nothing else: same answers, same exceptions.
 */
public final class MeteredDtsClient implements DtsClient {
  private final DtsClient delegate;
  private final DtsCallMetrics metrics;

  public MeteredDtsClient(DtsClient delegate, DtsCallMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public JobSnapshot describe(JobRef job) {
    return counted("DescribeDtsJobDetail", () -> delegate.describe(job));
  }

  @Override
  public FullLoadReading describeFullLoad(JobRef job) {
    return counted("DescribeDtsJobs", () -> delegate.describeFullLoad(job));
  }

  @Override
  public JobPage listJobs(String regionId, String jobType, int pageNumber, int pageSize) {
    return counted(
        "DescribeDtsJobs", () -> delegate.listJobs(regionId, jobType, pageNumber, pageSize));
  }

  @Override
  public Duration timeFor(String regionId, int calls) {
    return delegate.timeFor(regionId, calls);
  }

  @Override
  public DtsCallResult stop(JobRef job) {
    return counted("StopDtsJob", () -> delegate.stop(job));
  }

  @Override
  public DtsCallResult delete(JobRef job) {
    return counted("DeleteDtsJob", () -> delegate.delete(job));
  }

  @Override
  public DtsCallResult suspend(JobRef job) {
    return counted("SuspendDtsJob", () -> delegate.suspend(job));
  }

  @Override
  public DtsCallResult start(JobRef job) {
    return counted("StartDtsJob", () -> delegate.start(job));
  }

  private <T> T counted(String action, Supplier<T> call) {
    T result;
    try {
      result = call.get();
    } catch (DtsCallException e) {
      metrics.failed(action, e.type());
      throw e;
    } catch (RuntimeException e) {
      metrics.failed(action, null);
      throw e;
    }
    metrics.succeeded(action);
    return result;
  }
}
