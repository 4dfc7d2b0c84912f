package io.dtscutover.dts;

/**
 * Names one DTS task: the job id, its region and, optionally, the DTS instance that holds it.
 *
 * <p>Every DTS call carries all three so that requests are routed to the right region (the Alibaba
 * SDK's own region setting only picks an endpoint).
 */
public record JobRef(String regionId, String jobId, String instanceId) {

  /** A reference without an instance id, which DTS accepts for most jobs. */
  public static JobRef of(String regionId, String jobId) {
    return new JobRef(regionId, jobId, null);
  }

  @Override
  public String toString() {
    return jobId + " in " + regionId + (instanceId == null ? "" : " (instance " + instanceId + ")");
  }
}
