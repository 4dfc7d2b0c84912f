package io.dtscutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.ReasonCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exit codes follow the outcome and the reason code, never the sentence. */
class ExitCodesTest {
  private static CutoverReport report(Outcome outcome, ReasonCode reason) {
    return new CutoverReport(
        "cutover-cn-hangzhou-dtsabc",
        null,
        outcome,
        reason,
        "any sentence at all",
        null,
        null,
        false,
        false,
        false,
        null,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        0,
        null,
        null);
  }

  @Test
  void successfulOutcomesExitZeroOthersOne() {
    assertEquals(0, ExitCodes.of(report(Outcome.COMPLETED, ReasonCode.CAUGHT_UP_AND_STOPPED)));
    assertEquals(0, ExitCodes.of(report(Outcome.DRY_RUN, ReasonCode.DRY_RUN)));
    assertEquals(0, ExitCodes.of(report(Outcome.ALREADY_COMPLETED, ReasonCode.ALREADY_FINISHED)));
    assertEquals(1, ExitCodes.of(report(Outcome.ABORTED, ReasonCode.GATE_REJECTED)));
    assertEquals(1, ExitCodes.of(report(Outcome.FAILED, ReasonCode.JOB_NOT_FOUND)));
  }

  @Test
  void aFailureToReachDtsIsExitCodeThree() {
    assertEquals(3, ExitCodes.of(report(Outcome.FAILED, ReasonCode.DTS_UNREACHABLE)));
    assertEquals(3, ExitCodes.of(report(Outcome.ABORTED, ReasonCode.DTS_UNREACHABLE)));
  }

  @Test
  void anAnswerDtsGaveButNobodyCouldReadIsNotUnreachable() {
    assertEquals(1, ExitCodes.of(report(Outcome.FAILED, ReasonCode.DTS_UNREADABLE)));
  }
}
