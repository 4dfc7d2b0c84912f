package io.dtscutover.workflow;

/** Where a cutover is in the runbook (docs/design.md, "The runbook"), in order. */
public enum Phase {
  PREFLIGHT,
  CLASSIFY,
  WAIT_FOR_FULL_LOAD_END,
  WAIT_FOR_INCREMENTAL,
  WAIT_FOR_WINDOW,
  WAIT_FOR_LOW_LAG,
  GATE_FREEZE,
  FREEZING,
  WAIT_FOR_ZERO_LAG,
  /** Frozen and caught up: waiting for DTS data verification ({@code requireVerification}). */
  WAIT_FOR_VERIFICATION,
  GATE_STOP,
  STOPPING,
  GATE_DELETE,
  DELETING,
  /** Undoing the freeze after an abort or failure before the point of no return. */
  COMPENSATING,
  COMPLETED,
  ABORTED,
  FAILED,
  DRY_RUN,
  ALREADY_COMPLETED;

  /** True once the run has ended. */
  public boolean isTerminal() {
    return this == COMPLETED
        || this == ABORTED
        || this == FAILED
        || this == DRY_RUN
        || this == ALREADY_COMPLETED;
  }
}
