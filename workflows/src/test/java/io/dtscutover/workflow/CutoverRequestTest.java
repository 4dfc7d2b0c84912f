package io.dtscutover.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.proof.ProofMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CutoverRequestTest {

  private static CutoverRequest.Builder valid() {
    return CutoverRequest.builder("dtsjob01", "cn-hangzhou").requestedBy("alice");
  }

  private static List<String> fieldsAtFault(CutoverRequest request) {
    return request.problems().stream().map(RequestProblem::field).toList();
  }

  @Test
  void defaultsFollowTheDesign() {
    CutoverRequest request = valid().build();
    assertEquals(List.of(), request.problems());
    assertEquals(Duration.ofSeconds(5), request.maxLagBeforeFreeze());
    assertEquals(Duration.ofMinutes(3), request.quietWindow());
    assertEquals(Duration.ofSeconds(5), request.pollInterval());
    assertEquals(Duration.ofMinutes(30), request.maxFreeze());
    assertEquals(FreezeStrategy.MANUAL, request.freezeStrategy());
    assertEquals("cutover-cn-hangzhou-dtsjob01", request.workflowId());
  }

  @Test
  void everyBadFieldIsNamed() {
    CutoverRequest request =
        CutoverRequest.builder("bad id!", "Hangzhou")
            .freeze(FreezeStrategy.MYSQL_READ_ONLY, null)
            .maxLagBeforeFreeze(Duration.ofSeconds(-1))
            .pollInterval(Duration.ZERO)
            .maxFreeze(Duration.ofMinutes(1))
            .requestedBy(null)
            .build();
    assertEquals(
        List.of(
            "jobId",
            "regionId",
            "freezeTarget",
            "maxLagBeforeFreeze",
            "pollInterval",
            "pollInterval",
            "maxFreeze",
            "requestedBy"),
        fieldsAtFault(request));
  }

  @Test
  void quietWindowMustSpanThreePolls() {
    for (Duration tooShort : List.of(Duration.ZERO, Duration.ofSeconds(14))) {
      List<RequestProblem> problems =
          valid().pollInterval(Duration.ofSeconds(5)).quietWindow(tooShort).build().problems();
      assertEquals(List.of("quietWindow"), problems.stream().map(RequestProblem::field).toList());
      assertTrue(
          problems.get(0).message().contains("at least 3 poll intervals (PT15S"),
          problems.get(0).message());
      assertTrue(problems.get(0).message().contains("lengthen the quiet window"));
    }
    assertEquals(
        List.of(),
        valid()
            .pollInterval(Duration.ofSeconds(5))
            .quietWindow(Duration.ofSeconds(15))
            .build()
            .problems());
  }

  @Test
  void windowMustEndAfterItStarts() {
    Instant start = Instant.parse("2026-12-01T02:00:00Z");
    assertEquals(
        List.of("notAfter"), fieldsAtFault(valid().window(start, start.minusSeconds(1)).build()));
  }

  @Test
  void twoPersonRuleWithOnlyTheRequesterAsApproverCannotBeSatisfied() {
    ApprovalPolicy policy =
        new ApprovalPolicy(
            Set.of(Gate.FREEZE), List.of("alice"), true, Duration.ofHours(1), Map.of(), Set.of());
    List<RequestProblem> problems = valid().approval(policy).build().problems();
    assertEquals(
        List.of("approval.approvers"), problems.stream().map(RequestProblem::field).toList());
    assertTrue(problems.get(0).message().contains("add another approver"));
  }

  @Test
  void requireValidListsEveryProblem() {
    InvalidCutoverRequestException invalid =
        assertThrows(
            InvalidCutoverRequestException.class,
            () -> valid().quietWindow(null).maxFreeze(null).build().requireValid());
    assertEquals(2, invalid.problems().size(), invalid.getMessage());
    assertTrue(invalid.getMessage().contains("quietWindow: is required"), invalid.getMessage());
  }

  @Test
  void approvalPolicyRefusesOutsidersAndTheRequesterUnderTwoPerson() {
    ApprovalPolicy policy =
        new ApprovalPolicy(
            Set.of(Gate.STOP),
            List.of("alice", "bob"),
            true,
            Duration.ofHours(1),
            Map.of(Gate.STOP, Duration.ofMinutes(5)),
            Set.of());
    assertEquals(null, policy.refusal("bob", "alice"));
    assertTrue(policy.refusal("mallory", "alice").contains("not an allowed approver"));
    assertTrue(policy.refusal("alice", "alice").contains("two-person rule"));
    assertEquals(Duration.ofMinutes(5), policy.deadlineFor(Gate.STOP));
    assertEquals(Duration.ofHours(1), policy.deadlineFor(Gate.FREEZE));
  }

  @Test
  void gateListsParseAndNameTheValidGates() {
    assertEquals(Set.of(Gate.FREEZE, Gate.STOP), Gate.parseList("freeze, stop"));
    assertEquals(Set.of(), Gate.parseList("none"));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> Gate.parseList("freeze,halt"));
    assertEquals("unknown gate 'halt': use one of freeze, stop, delete", bad.getMessage());
  }

  @Test
  void markerProofNamesItsEndsOrSaysWhichFlagIsMissing() {
    CutoverRequest manualWithoutSource =
        valid().proof(ProofMode.MARKER, null, "orders-dest").build();
    assertEquals(List.of("proofSource"), fieldsAtFault(manualWithoutSource));
    assertTrue(
        manualWithoutSource.problems().get(0).message().contains("needs --proof-source NAME"));
    CutoverRequest noDestination =
        valid()
            .freeze(FreezeStrategy.PG_REVOKE, "orders-db")
            .proof(ProofMode.MARKER, null, null)
            .build();
    assertEquals(List.of("proofDestination"), fieldsAtFault(noDestination));
    assertTrue(
        noDestination.problems().get(0).message().contains("needs --proof-destination NAME"));
    assertEquals(
        List.of("proofSource"),
        fieldsAtFault(
            valid()
                .freeze(FreezeStrategy.PG_REVOKE, "orders-db")
                .proof(ProofMode.MARKER, "other-db", "orders-dest")
                .build()));
    assertEquals(
        List.of("proofDestination"),
        fieldsAtFault(valid().proof(ProofMode.MARKER, "orders-db", "orders-db").build()));
    assertEquals(
        List.of("proofSource", "proofDestination"),
        fieldsAtFault(valid().proof(ProofMode.NONE, "a", "b").build()));
    CutoverRequest ok =
        valid()
            .freeze(FreezeStrategy.PG_REVOKE, "orders-db")
            .proof(ProofMode.MARKER, null, "orders-dest")
            .build();
    assertEquals(List.of(), ok.problems());
    assertEquals("orders-db", ok.markerSource());
    assertEquals(
        List.of(), valid().proof(ProofMode.MARKER, "orders-src", "orders-dest").build().problems());
  }
}
