package io.dtscutover.workflow;

import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import java.time.Instant;

/** Job readings as DTS would report them, for scripting fakes. */
public final class Snapshots {
  public static final String REGION = "cn-hangzhou";
  public static final String JOB = "dtsjob01";
  public static final JobRef REF = new JobRef(REGION, JOB, null);

  private Snapshots() {}

  /** An incremental task replicating with {@code delayMillis} of lag. */
  public static JobSnapshot incremental(long delayMillis) {
    return of(
        JobStatus.MIGRATING,
        "Migrating",
        true,
        delayMillis == 0 ? IncrementalStatus.CATCHED : IncrementalStatus.MIGRATING,
        delayMillis);
  }

  /** An incremental task still in full load. */
  static JobSnapshot inFullLoad() {
    return of(JobStatus.MIGRATING, "Migrating", true, IncrementalStatus.NOT_STARTED, null);
  }

  /** A full-only task still loading. */
  static JobSnapshot fullOnlyLoading() {
    return of(JobStatus.MIGRATING, "Migrating", false, IncrementalStatus.ABSENT, null);
  }

  static JobSnapshot finished() {
    return of(JobStatus.FINISHED, "Finished", true, IncrementalStatus.FINISHED, 0L);
  }

  /** A task in {@code status}, reported with DTS's spelling {@code raw}. */
  static JobSnapshot inState(JobStatus status, String raw) {
    return of(status, raw, true, IncrementalStatus.MIGRATING, 1000L);
  }

  /** Any reading: {@code status} spelled {@code raw}, an incremental task. */
  static JobSnapshot reading(
      JobStatus status,
      String raw,
      IncrementalStatus incrementalStatus,
      Long delay,
      FullLoadStatus fullLoad) {
    return withFullLoad(of(status, raw, true, incrementalStatus, delay), fullLoad);
  }

  /** {@code snapshot} with DTS's full-load status {@code fullLoad}. */
  static JobSnapshot withFullLoad(JobSnapshot snapshot, FullLoadStatus fullLoad) {
    return new JobSnapshot(
        snapshot.job(),
        snapshot.jobName(),
        snapshot.status(),
        snapshot.rawStatus(),
        snapshot.fullLoadConfigured(),
        snapshot.incrementalConfigured(),
        snapshot.incrementalStatus(),
        snapshot.rawIncrementalStatus(),
        fullLoad,
        fullLoad == FullLoadStatus.ABSENT ? null : camel(fullLoad.name()),
        snapshot.delayMillis(),
        snapshot.payType(),
        snapshot.errorMessage(),
        snapshot.requestId(),
        snapshot.observedAt());
  }

  static JobSnapshot prePaid(JobSnapshot snapshot) {
    return new JobSnapshot(
        snapshot.job(),
        snapshot.jobName(),
        snapshot.status(),
        snapshot.rawStatus(),
        snapshot.fullLoadConfigured(),
        snapshot.incrementalConfigured(),
        snapshot.incrementalStatus(),
        snapshot.rawIncrementalStatus(),
        snapshot.fullLoadStatus(),
        snapshot.rawFullLoadStatus(),
        snapshot.delayMillis(),
        "PrePaid",
        snapshot.errorMessage(),
        snapshot.requestId(),
        snapshot.observedAt());
  }

  private static JobSnapshot of(
      JobStatus status,
      String raw,
      boolean incremental,
      IncrementalStatus incrementalStatus,
      Long delay) {
    return new JobSnapshot(
        REF,
        "orders migration",
        status,
        raw,
        true,
        incremental,
        incrementalStatus,
        incrementalStatus == IncrementalStatus.ABSENT ? null : camel(incrementalStatus),
        FullLoadStatus.FINISHED,
        "Finished",
        delay,
        "PostPaid",
        null,
        "req-" + raw + "-" + delay,
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  private static String camel(IncrementalStatus status) {
    return camel(status.name());
  }

  private static String camel(String constant) {
    String name = constant.toLowerCase().replace("_", "");
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }
}
