package io.dtscutover.approval;

import java.time.Instant;

/**
 * Who decided a gate, when and why: the audit record of an approval or rejection.
 *
 * @param by the approver's name, {@code policy} for auto-approval and {@code deadline} for expiry
 * @param comment the approver's comment or rejection reason; may be empty
 */
public record GateDecision(Gate gate, GateVerdict verdict, String by, Instant at, String comment) {

  /** True when the runbook may pass the gate. */
  public boolean passes() {
    return verdict == GateVerdict.APPROVED
        || verdict == GateVerdict.AUTO_APPROVED
        || verdict == GateVerdict.NOT_REQUIRED;
  }
}
