package io.dtscutover.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The decision a policy takes by itself on a gate that waits for nobody, with no test server. */
class ApprovalPolicyTest {
  private static final Instant AT = Instant.parse("2026-01-01T03:00:00Z");

  @Test
  void aListedGateIsAutoApprovedAnUnrequiredOneNotRequired() {
    ApprovalPolicy policy =
        new ApprovalPolicy(
            Set.of(Gate.FREEZE),
            List.of(),
            false,
            Duration.ofHours(1),
            Map.of(),
            Set.of(Gate.FREEZE));
    assertEquals(
        new GateDecision(Gate.FREEZE, GateVerdict.AUTO_APPROVED, "policy", AT, ""),
        policy.byPolicy(Gate.FREEZE, AT));
    assertEquals(
        new GateDecision(Gate.STOP, GateVerdict.NOT_REQUIRED, "policy", AT, ""),
        policy.byPolicy(Gate.STOP, AT));
    ApprovalPolicy noAutoApprove =
        new ApprovalPolicy(Set.of(), List.of(), false, null, Map.of(), null);
    assertEquals(GateVerdict.NOT_REQUIRED, noAutoApprove.byPolicy(Gate.FREEZE, AT).verdict());
  }
}
