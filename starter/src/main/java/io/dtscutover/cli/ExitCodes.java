package io.dtscutover.cli;

import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.ReasonCode;

/**
 * The exit codes every {@code cutover} command keeps, so scripts can tell a failed cutover from a
 * typo and from an outage.
 */
public final class ExitCodes {
  /** The command did what was asked; a cutover ended COMPLETED, DRY_RUN or ALREADY_COMPLETED. */
  public static final int OK = 0;

  /** The cutover ended ABORTED or FAILED. */
  public static final int CUTOVER_NOT_SUCCESSFUL = 1;

  /** Bad flags, an invalid request, or an action the cutover refused. Nothing was changed. */
  public static final int USAGE = 2;

  /** Temporal or DTS could not be reached, or no worker ran a decision in time. */
  public static final int UNREACHABLE = 3;

  private ExitCodes() {}

  /**
   * The exit code for a cutover that ended with {@code report}: like {@link #of(Outcome)}, except
   * that a cutover that ended because DTS could not be reached (reason {@link
   * ReasonCode#DTS_UNREACHABLE}: retries of a transient failure exhausted) is {@link #UNREACHABLE},
   * so a script can tell an outage from a refusal.
   */
  public static int of(CutoverReport report) {
    if (report.reason() == ReasonCode.DTS_UNREACHABLE && !report.outcome().isSuccess()) {
      return UNREACHABLE;
    }
    return of(report.outcome());
  }

  /** The exit code for a cutover that ended with {@code outcome}. */
  public static int of(Outcome outcome) {
    return outcome != null && outcome.isSuccess() ? OK : CUTOVER_NOT_SUCCESSFUL;
  }
}
