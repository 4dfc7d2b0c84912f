package io.dtscutover.dts;

import java.time.Duration;

/**
 * What an await activity waits for. {@link #evaluate} is pure, so the worker's polling loop and the
 * tests' fakes judge a reading the same way.
 */
public enum WaitCondition {
  /** A full-only task ends by itself; it must never be stopped. */
  FULL_LOAD_FINISHED,
  /** An incremental task has left full load and is replicating change data. */
  INCREMENTAL_RUNNING,
  /** Replication lag is at most the request's threshold (checked before any downtime). */
  LAG_AT_MOST,
  /** Lag is zero and DTS says {@code Catched}. */
  CAUGHT_UP,
  /** After {@code StopDtsJob}: the task reached {@code Finished}. */
  STOPPED;

  /** The verdict on one reading. */
  public enum ReadingVerdict {
    MET,
    NOT_YET,
    /** The task went somewhere waiting cannot fix (failed, paused, unknown): stop waiting. */
    UNSAFE
  }

  /** Judges one snapshot; {@code maxLag} is used by {@link #LAG_AT_MOST} only. */
  public ReadingVerdict evaluate(JobSnapshot snapshot, Duration maxLag) {
    JobStatus status = snapshot.status();
    if (this == STOPPED) {
      // Whatever DTS shows while a stop takes effect, only Finished ends the wait.
      return status == JobStatus.FINISHED ? ReadingVerdict.MET : ReadingVerdict.NOT_YET;
    }
    if (this == FULL_LOAD_FINISHED) {
      if (status == JobStatus.FINISHED) {
        return ReadingVerdict.MET;
      }
      return status.isRunning() ? ReadingVerdict.NOT_YET : ReadingVerdict.UNSAFE;
    }
    if (!status.isRunning() || incrementalBroken(snapshot)) {
      return ReadingVerdict.UNSAFE;
    }
    return switch (this) {
      case INCREMENTAL_RUNNING ->
          snapshot.incrementalRunning() ? ReadingVerdict.MET : ReadingVerdict.NOT_YET;
      case LAG_AT_MOST ->
          snapshot.incrementalRunning()
                  && snapshot.delayMillis() != null
                  && snapshot.delayMillis() <= maxLag.toMillis()
              ? ReadingVerdict.MET
              : ReadingVerdict.NOT_YET;
      case CAUGHT_UP ->
          snapshot.incrementalRunning() && snapshot.caughtUp()
              ? ReadingVerdict.MET
              : ReadingVerdict.NOT_YET;
      default -> throw new IllegalStateException("unreachable: " + this);
    };
  }

  /**
   * The incremental module is in a state no wait recovers from, even though the task's own status
   * may still say Migrating: it failed, was paused, finished, or reports a value we do not know.
   */
  private static boolean incrementalBroken(JobSnapshot snapshot) {
    if (!snapshot.incrementalConfigured()) {
      return false;
    }
    return switch (snapshot.incrementalStatus()) {
      case FAILED, SUSPENDING, FINISHED, UNKNOWN -> true;
      default -> false;
    };
  }
}
