package io.dtscutover.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.wave.WaveRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A wave's request: read from any client's JSON, and every problem named before anything runs. */
class WaveRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String fields(WaveRequest request) {
    return request.problems().stream().map(RequestProblem::field).toList().toString();
  }

  @Test
  void aValidWaveHasNoProblemAndEachJobAcceptsOnlyTheWave() {
    WaveRequest wave = WaveWorkflowTest.wave(ApprovalPolicy.noApprovals());

    assertEquals(List.of(), wave.problems());
    CutoverRequest member = wave.member(0);
    assertEquals("orders", member.waveId());
    assertEquals(List.of("wave-orders"), member.approval().approvers());
    assertTrue(member.approval().waitsForPerson(Gate.FREEZE));
    assertTrue(member.approval().waitsForPerson(Gate.STOP));
    assertEquals(List.of(), member.problems());
  }

  @Test
  void everyProblemIsNamedByItsJobAndField() {
    CutoverRequest manual =
        CutoverRequest.builder("dtsa", "cn-hangzhou")
            .freeze(FreezeStrategy.MANUAL, null)
            .requestedBy("alice")
            .build();
    CutoverRequest noTarget =
        CutoverRequest.builder("dtsb", "cn-hangzhou")
            .freeze(FreezeStrategy.MYSQL_READ_ONLY, null)
            .requestedBy("alice")
            .build();
    WaveRequest wave =
        new WaveRequest(
            "bad wave",
            List.of(manual, noTarget, manual),
            ApprovalPolicy.noApprovals(),
            Duration.ofMinutes(2),
            "alice",
            false);

    String fields = fields(wave);
    assertTrue(fields.contains("waveId"), fields);
    assertTrue(fields.contains("jobs[0] (cn-hangzhou/dtsa).freezeStrategy"), fields);
    assertTrue(fields.contains("jobs[1] (cn-hangzhou/dtsb).freezeTarget"), fields);
    assertTrue(fields.contains("jobs[2] (cn-hangzhou/dtsa)"), "a job twice: " + fields);
    assertTrue(fields.contains("maxFreeze"), "budget not above the quiet window: " + fields);
  }

  @Test
  void jsonFromAnyClientIsReadAndAMistakeBecomesAProblem() throws Exception {
    WaveRequest read =
        JSON.readValue(
            "{\"waveId\": \"w1\", \"requestedBy\": \"alice\", \"maxFreeze\": \"30m\","
                + " \"approval\": {\"requireApproval\": [\"freeze\", \"stop\"]},"
                + " \"jobs\": [{\"jobId\": \"dtsa\", \"regionId\": \"cn-hangzhou\","
                + " \"freezeStrategy\": \"sim\", \"requestedBy\": \"alice\"}]}",
            WaveRequest.class);
    assertEquals(List.of(), read.problems());
    assertEquals(Duration.ofMinutes(30), read.maxFreeze());
    assertTrue(read.approval().waitsForPerson(Gate.STOP));

    WaveRequest typo =
        JSON.readValue(
            "{\"waveId\": \"w1\", \"requestedBy\": \"alice\", \"maxFreez\": \"30m\", \"jobs\": []}",
            WaveRequest.class);
    String fields = fields(typo);
    assertTrue(fields.contains("maxFreez"), fields);
    assertTrue(fields.contains("jobs"), fields);
  }
}
