package io.dtscutover.dts;

import java.util.Locale;

/**
 * The state of a DTS task, normalised from the {@code Status} field of {@code
 * DescribeDtsJobDetail}.
 *
 * <p>DTS documents several spellings for the same state ({@code synchronizing} and {@code
 * Synchronizing}, {@code Failed} and {@code MigrationFailed}); {@link #fromDts} accepts them all. A
 * value it does not know becomes {@link #UNKNOWN}, which the runbook treats as "not safe to
 * proceed", never as success.
 */
public enum JobStatus {
  NOT_STARTED,
  NOT_CONFIGURED,
  PRECHECKING,
  PRECHECK_FAILED,
  PRECHECK_PASSED,
  INITIALIZING,
  INITIALIZE_FAILED,
  SYNCHRONIZING,
  MIGRATING,
  FAILED,
  /** Console "Paused"; DTS reports it as {@code Suspending}. */
  PAUSED,
  MODIFYING,
  RETRYING,
  UPGRADING,
  DOWNGRADING,
  LOCKED,
  /** A stop is taking effect: the task will read {@code Finished}. Never running, never done. */
  STOPPING,
  /** Console "Completed"; DTS reports it as {@code Finished}. */
  FINISHED,
  UNKNOWN;

  /** Maps a DTS status string to a state; unknown or missing values map to {@link #UNKNOWN}. */
  public static JobStatus fromDts(String raw) {
    if (raw == null) {
      return UNKNOWN;
    }
    return switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "notstarted" -> NOT_STARTED;
      case "notconfigured" -> NOT_CONFIGURED;
      case "prechecking" -> PRECHECKING;
      case "precheckfailed" -> PRECHECK_FAILED;
      case "precheckpass", "precheckpassed" -> PRECHECK_PASSED;
      case "initializing" -> INITIALIZING;
      case "initializefailed" -> INITIALIZE_FAILED;
      case "synchronizing" -> SYNCHRONIZING;
      case "migrating" -> MIGRATING;
      case "failed", "migrationfailed" -> FAILED;
      case "suspending", "paused" -> PAUSED;
      case "modifying" -> MODIFYING;
      case "retrying" -> RETRYING;
      case "upgrade", "upgrading" -> UPGRADING;
      case "downgrade", "downgrading" -> DOWNGRADING;
      case "locked" -> LOCKED;
      case "stopping" -> STOPPING;
      case "finished", "completed" -> FINISHED;
      default -> UNKNOWN;
    };
  }

  /** True for the states in which DTS is moving data and a cutover may go on. */
  public boolean isRunning() {
    return this == MIGRATING || this == SYNCHRONIZING || this == INITIALIZING;
  }
}
