package io.dtscutover.approval;

/** How a gate was decided. */
public enum GateVerdict {
  APPROVED,
  /** Approved by the request's auto-approval policy (scheduled cutovers). */
  AUTO_APPROVED,
  /** The gate does not need approval under the request's policy. */
  NOT_REQUIRED,
  REJECTED,
  /** Nobody decided before the gate's deadline. */
  EXPIRED
}
