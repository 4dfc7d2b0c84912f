package io.dtscutover.freeze;

import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.AwaitResult;
import io.dtscutover.dts.DtsActivities;
import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import io.dtscutover.dts.VerificationWait;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * DTS faked at the activity interface for workflow tests of the real freeze: an incremental task
 * that is always caught up, whose waits end at once and whose stop succeeds; every call recorded.
 */
final class ScriptedDtsActivities implements DtsActivities {
  static final JobRef JOB = JobRef.of("cn-hangzhou", "dtsjob-freeze");

  final List<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public JobSnapshot describeJob(JobRef job) {
    calls.add("describeJob");
    return caughtUp();
  }

  @Override
  public AwaitResult awaitCondition(AwaitRequest request) {
    calls.add("awaitCondition:" + request.condition());
    return AwaitResult.of(
        switch (request.condition()) {
          case STOPPED, FULL_LOAD_FINISHED ->
              snapshot(JobStatus.FINISHED, IncrementalStatus.FINISHED);
          default -> caughtUp();
        });
  }

  @Override
  public DtsCallResult stopJob(JobRef job) {
    calls.add("stopJob");
    return new DtsCallResult("StopDtsJob", "req-stop", false);
  }

  @Override
  public DtsCallResult deleteJob(JobRef job) {
    calls.add("deleteJob");
    return new DtsCallResult("DeleteDtsJob", "req-delete", false);
  }

  private static JobSnapshot caughtUp() {
    return snapshot(JobStatus.MIGRATING, IncrementalStatus.CATCHED);
  }

  private static JobSnapshot snapshot(JobStatus status, IncrementalStatus incremental) {
    return new JobSnapshot(
        JOB,
        "orders migration",
        status,
        status == JobStatus.FINISHED ? "Finished" : "Migrating",
        true,
        true,
        incremental,
        incremental == IncrementalStatus.CATCHED ? "Catched" : "Finished",
        FullLoadStatus.FINISHED,
        "Finished",
        0L,
        "PostPaid",
        null,
        "req-describe",
        Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public VerificationState describeVerification(JobRef job, VerificationMode mode) {
    calls.add("describeVerification");
    return VerificationState.passed(mode, 1);
  }

  @Override
  public VerificationState awaitVerification(VerificationWait wait) {
    calls.add("awaitVerification");
    return VerificationState.passed(wait.mode(), 1);
  }
}
