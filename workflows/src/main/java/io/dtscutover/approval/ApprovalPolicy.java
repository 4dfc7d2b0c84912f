package io.dtscutover.approval;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.dtscutover.workflow.WireDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may pass which gate, and how long a gate waits.
 *
 * @param requireApproval gates that wait for a person; the delete gate only applies when deletion
 *     was requested
 * @param approvers names allowed to approve or reject; empty means anyone (subject to {@code
 *     twoPerson})
 * @param twoPerson the requester may not approve their own cutover
 * @param gateDeadline how long a gate waits for a decision before the cutover aborts
 * @param gateDeadlines per-gate overrides of {@code gateDeadline}
 * @param autoApprove gates approved by policy as soon as they are reached (scheduled cutovers)
 */
public record ApprovalPolicy(
    Set<Gate> requireApproval,
    List<String> approvers,
    boolean twoPerson,
    @JsonSerialize(using = WireDuration.Writer.class) Duration gateDeadline,
    @JsonSerialize(contentUsing = WireDuration.Writer.class) Map<Gate, Duration> gateDeadlines,
    Set<Gate> autoApprove) {

  /** How long a gate waits when the request says nothing. */
  public static final Duration DEFAULT_GATE_DEADLINE = Duration.ofHours(1);

  /** Every gate needs a person, anyone may approve, one hour per gate. */
  public static ApprovalPolicy defaults() {
    return new ApprovalPolicy(
        EnumSet.allOf(Gate.class), List.of(), false, DEFAULT_GATE_DEADLINE, Map.of(), Set.of());
  }

  /** No gate waits: for cutovers whose request was itself the approval. */
  public static ApprovalPolicy noApprovals() {
    return new ApprovalPolicy(
        Set.of(), List.of(), false, DEFAULT_GATE_DEADLINE, Map.of(), Set.of());
  }

  /** True when reaching {@code gate} waits for a person. */
  public boolean waitsForPerson(Gate gate) {
    return requireApproval != null
        && requireApproval.contains(gate)
        && (autoApprove == null || !autoApprove.contains(gate));
  }

  /**
   * The decision the policy itself takes on {@code gate} when it waits for no person (see {@link
   * #waitsForPerson}): auto-approved when the request lists it, else not required.
   */
  public GateDecision byPolicy(Gate gate, Instant at) {
    boolean auto = autoApprove != null && autoApprove.contains(gate);
    return new GateDecision(
        gate, auto ? GateVerdict.AUTO_APPROVED : GateVerdict.NOT_REQUIRED, "policy", at, "");
  }

  /** The deadline for {@code gate}. */
  public Duration deadlineFor(Gate gate) {
    if (gateDeadlines != null && gateDeadlines.containsKey(gate)) {
      return gateDeadlines.get(gate);
    }
    return gateDeadline == null ? DEFAULT_GATE_DEADLINE : gateDeadline;
  }

  /**
   * Why {@code who} may not decide a gate of a cutover requested by {@code requester}, or {@code
   * null} when they may. Used by the update validators, so it must not change anything.
   */
  public String refusal(String who, String requester) {
    if (who == null || who.isBlank()) {
      return "an approver name is required (by)";
    }
    if (approvers != null && !approvers.isEmpty() && !approvers.contains(who)) {
      return who + " is not an allowed approver (allowed: " + String.join(", ", approvers) + ")";
    }
    if (twoPerson && who.equals(requester)) {
      return "two-person rule: " + who + " requested this cutover and cannot approve it";
    }
    return null;
  }
}
