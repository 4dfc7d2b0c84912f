package io.dtscutover.workflow;

import io.dtscutover.dts.JobSnapshot;

/**
 * The preflight table: from the request and the first reading of the task, either a refusal (a
 * {@link RunbookStop} that ends the run before anything changes) or the {@link Route} the runbook
 * takes. Pure: no workflow call, so every row is tested with plain JUnit.
 */
final class Preflight {
  private Preflight() {}

  /**
   * Refuses a task in another region, or in a status that cannot be cut over safely (unless the
   * request allows stopping it as is); a Finished task ends the run as already completed.
   *
   * @throws RunbookStop the refusal, naming the status and what to do
   */
  static void check(CutoverRequest request, JobSnapshot job) {
    if (job.job() != null
        && job.job().regionId() != null
        && !job.job().regionId().equals(request.regionId())) {
      throw RunbookStop.abort(
          ReasonCode.WRONG_REGION,
          "refused: task "
              + request.jobId()
              + " is in region "
              + job.job().regionId()
              + ", not "
              + request.regionId()
              + ": pass --region "
              + job.job().regionId());
    }
    String status = job.rawStatus() == null ? job.status().name() : job.rawStatus();
    switch (job.status()) {
      case FINISHED ->
          throw RunbookStop.alreadyCompleted(
              "task " + request.jobId() + " is already Finished (completed): nothing to do");
      case NOT_STARTED, NOT_CONFIGURED, PRECHECK_PASSED ->
          throw refuse("task has not started (" + status + "): start it in the DTS console first");
      case PRECHECKING ->
          throw refuse("task is still prechecking: wait until its precheck passes and it runs");
      case PRECHECK_FAILED ->
          throw refuse("task failed its precheck: fix the precheck errors in the DTS console");
      case PAUSED -> {
        if (!request.allowPaused()) {
          throw refuse(
              "task is Paused: resume it first, or pass --allow-paused to stop it without catch-up");
        }
      }
      case FAILED, INITIALIZE_FAILED -> {
        if (!request.allowFailed()) {
          throw refuse(
              "task has failed ("
                  + status
                  + (job.errorMessage() == null ? "" : ": " + job.errorMessage())
                  + "): fix it first, or pass --allow-failed to stop it without catch-up");
        }
      }
      case MIGRATING, SYNCHRONIZING, INITIALIZING -> {}
      default ->
          throw refuse(
              "task is " + status + ": not safe to cut over now; wait until it is Migrating");
    }
  }

  /**
   * The route of a task that passed {@link #check}. A stopped task whose full load has not finished
   * is refused, and so is {@code requireVerification} on any route but the incremental one (it
   * gates a stop that other routes do not make).
   *
   * @throws RunbookStop the refusal
   */
  static Route route(CutoverRequest request, JobSnapshot job) {
    Route route;
    if (!job.status().isRunning()) {
      if (!job.fullLoadFinished()) {
        throw refuse(
            "task is "
                + job.rawStatus()
                + " and "
                + CutoverMessages.fullLoadUnfinished(job)
                + ": resume it and let the full load finish first");
      }
      route = Route.STOP_AS_IS;
    } else if (!job.incrementalConfigured()) {
      route = Route.FULL_LOAD_ONLY;
    } else {
      route = Route.INCREMENTAL;
    }
    if (request.requireVerification() != null && route != Route.INCREMENTAL) {
      throw RunbookStop.abort(
          ReasonCode.VERIFICATION_FAILED,
          "refused: --require-verification gates the stop of a task caught up with writes frozen,"
              + " and this task is "
              + (route == Route.FULL_LOAD_ONLY
                  ? "full-load-only (it is never stopped)"
                  : job.rawStatus() + " (it would be stopped as is, without catch-up)")
              + ": check DTS data verification in the console and drop the option; nothing was"
              + " changed");
    }
    return route;
  }

  private static RunbookStop refuse(String reason) {
    return RunbookStop.abort(ReasonCode.REFUSED_STATUS, "refused: " + reason);
  }
}
