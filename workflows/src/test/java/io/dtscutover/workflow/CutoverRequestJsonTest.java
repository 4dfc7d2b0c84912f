package io.dtscutover.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.proof.ProofMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The request's JSON contract, through the same data converter the worker uses. */
class CutoverRequestJsonTest {
  private static final String MINIMAL =
      "{\"jobId\":\"dtsjob01\",\"regionId\":\"cn-hangzhou\",\"requestedBy\":\"alice\"}";

  @Test
  void jobRegionAndRequesterAloneGetEveryDefault() {
    CutoverRequest read = WireJson.read(MINIMAL, CutoverRequest.class);

    assertEquals(List.of(), read.problems());
    assertEquals(
        CutoverRequest.builder("dtsjob01", "cn-hangzhou").requestedBy("alice").build(), read);
    assertEquals(FreezeStrategy.MANUAL, read.freezeStrategy());
    assertEquals(Duration.ofMinutes(3), read.quietWindow());
    assertEquals(Set.of(Gate.values()), read.approval().requireApproval());
    assertNull(read.requireVerification(), "no verification unless asked for");
  }

  @Test
  void requireVerificationReadsItsNamesAndIsWrittenInCliSpelling() {
    CutoverRequest read =
        WireJson.read(
            MINIMAL.substring(0, MINIMAL.length() - 1) + ",\"requireVerification\":\"BOTH\"}",
            CutoverRequest.class);

    assertEquals(List.of(), read.problems());
    assertEquals(VerificationMode.BOTH, read.requireVerification());
    String written = WireJson.write(read);
    assertTrue(written.contains("\"requireVerification\":\"both\""), written);
    assertEquals(read, WireJson.read(written, CutoverRequest.class));
  }

  @Test
  void spellingsAreCaseInsensitiveAndAcceptConstantNames() {
    CutoverRequest read =
        WireJson.read(
            "{\"jobId\":\"dtsjob01\",\"regionId\":\"cn-hangzhou\",\"requestedBy\":\"alice\","
                + "\"freezeStrategy\":\"MYSQL_READ_ONLY\",\"freezeTarget\":\"orders-db\","
                + "\"approval\":{\"requireApproval\":[\"FREEZE\",\"Stop\"],"
                + "\"gateDeadlines\":{\"STOP\":\"30m\"}}}",
            CutoverRequest.class);

    assertEquals(List.of(), read.problems());
    assertEquals(FreezeStrategy.MYSQL_READ_ONLY, read.freezeStrategy());
    assertEquals(Set.of(Gate.FREEZE, Gate.STOP), read.approval().requireApproval());
    assertEquals(Duration.ofMinutes(30), read.approval().deadlineFor(Gate.STOP));
    assertEquals(
        FreezeStrategy.MYSQL_READ_ONLY, WireJson.read("\"Mysql-Read-Only\"", FreezeStrategy.class));
  }

  @Test
  void durationsAcceptShortFormsAndIsoAndAreWrittenAsIso() {
    CutoverRequest read =
        WireJson.read(
            "{\"jobId\":\"dtsjob01\",\"regionId\":\"cn-hangzhou\",\"requestedBy\":\"alice\","
                + "\"pollInterval\":\"500ms\",\"maxLagBeforeFreeze\":\"10s\","
                + "\"quietWindow\":\"5m\",\"maxFreeze\":\"2h\",\"catchUpTimeout\":\"PT40M\"}",
            CutoverRequest.class);

    assertEquals(List.of(), read.problems());
    assertEquals(Duration.ofMillis(500), read.pollInterval());
    assertEquals(Duration.ofSeconds(10), read.maxLagBeforeFreeze());
    assertEquals(Duration.ofMinutes(5), read.quietWindow());
    assertEquals(Duration.ofHours(2), read.maxFreeze());
    assertEquals(Duration.ofMinutes(40), read.catchUpTimeout());

    String written = WireJson.write(read);
    assertTrue(written.contains("\"pollInterval\":\"PT0.5S\""), written);
    assertTrue(written.contains("\"quietWindow\":\"PT5M\""), written);
    assertTrue(written.contains("\"gateDeadline\":\"PT1H\""), written);
  }

  @Test
  void everyFieldIsWrittenInTheOneSpellingAndReadsBackEqual() {
    CutoverRequest request =
        CutoverRequest.builder("dtsjob01", "cn-hangzhou")
            .freeze(FreezeStrategy.PG_READ_ONLY, "orders-db")
            .approval(
                new ApprovalPolicy(
                    Set.of(Gate.FREEZE),
                    List.of("bob"),
                    true,
                    Duration.ofMinutes(45),
                    Map.of(Gate.STOP, Duration.ofMinutes(10)),
                    Set.of(Gate.DELETE)))
            .window(Instant.parse("2026-03-01T02:00:00Z"), Instant.parse("2026-03-01T04:00:00Z"))
            .requestedBy("alice")
            .build();

    String written = WireJson.write(request);

    assertTrue(written.contains("\"freezeStrategy\":\"pg-read-only\""), written);
    assertTrue(written.contains("\"requireApproval\":[\"freeze\"]"), written);
    assertTrue(written.contains("\"gateDeadlines\":{\"stop\":\"PT10M\"}"), written);
    assertTrue(written.contains("\"notBefore\":\"2026-03-01T02:00:00Z\""), written);
    assertTrue(!written.contains("decodeProblems"), written);
    assertEquals(request, WireJson.read(written, CutoverRequest.class));
  }

  @Test
  void whatCannotBeReadBecomesAProblemNamingTheFieldAndTheAcceptedValues() {
    assertProblem("\"freezeStrategy\":\"nope\"", "freezeStrategy", "mysql-read-only, mysql-revoke");
    assertProblem("\"quietWindow\":\"ten\"", "quietWindow", "500ms, 10s, 5m, 2h");
    assertProblem("\"quietWindow\":180", "quietWindow", "ISO-8601");
    assertProblem(
        "\"approval\":{\"requireApproval\":[\"frieze\"]}",
        "approval.requireApproval",
        "freeze, stop, delete");
    assertProblem("\"quietWindw\":\"3m\"", "quietWindw", "quietWindow");
    assertProblem("\"dryRun\":\"yes\"", "dryRun", "true or false");
    assertProblem(
        "\"requireVerification\":\"rows\"", "requireVerification", "incremental, full, both");
    assertProblem("\"notBefore\":\"tonight\"", "notBefore", "2026-03-01T02:00:00Z");
  }

  private static void assertProblem(String field, String named, String accepted) {
    CutoverRequest read =
        WireJson.read(
            MINIMAL.substring(0, MINIMAL.length() - 1) + "," + field + "}", CutoverRequest.class);
    List<RequestProblem> problems = read.problems();
    assertEquals(1, problems.size(), problems.toString());
    assertEquals(named, problems.get(0).field());
    assertTrue(problems.get(0).message().contains(accepted), problems.get(0).message());
  }

  @Test
  void markerProofFieldsReadAndAnUnknownProofNamesTheChoices() {
    CutoverRequest read =
        WireJson.read(
            "{\"jobId\":\"dtsjob01\",\"regionId\":\"cn-hangzhou\",\"requestedBy\":\"alice\","
                + "\"freezeStrategy\":\"none\",\"proof\":\"MARKER\","
                + "\"proofSource\":\"orders-src\",\"proofDestination\":\"orders-dest\"}",
            CutoverRequest.class);

    assertEquals(List.of(), read.problems());
    assertEquals(ProofMode.MARKER, read.proof());
    assertEquals("orders-src", read.markerSource());
    assertEquals(ProofMode.NONE, WireJson.read(MINIMAL, CutoverRequest.class).proof());
    assertTrue(WireJson.write(read).contains("\"proof\":\"marker\""));

    CutoverRequest bad =
        WireJson.read(
            "{\"jobId\":\"dtsjob01\",\"regionId\":\"cn-hangzhou\",\"requestedBy\":\"alice\","
                + "\"proof\":\"vdiff\"}",
            CutoverRequest.class);
    assertEquals("proof", bad.problems().get(0).field());
    assertTrue(bad.problems().get(0).message().contains("none, marker"));
  }
}
