package io.dtscutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
  private static CutoverReport report(Outcome outcome, String reason) {
    return new CutoverReport(
        "cutover-cn-hangzhou-dtsabc",
        null,
        outcome,
        reason,
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
        0);
  }

  @Test
  void successfulOutcomesExitZeroOthersOne() {
    assertEquals(0, ExitCodes.of(report(Outcome.COMPLETED, "done")));
    assertEquals(0, ExitCodes.of(report(Outcome.DRY_RUN, "plan")));
    assertEquals(0, ExitCodes.of(report(Outcome.ALREADY_COMPLETED, "finished")));
    assertEquals(1, ExitCodes.of(report(Outcome.ABORTED, "rejected")));
    assertEquals(1, ExitCodes.of(report(Outcome.FAILED, "DescribeJob failed (DtsJobNotFound)")));
  }

  @Test
  void aFailureToReachDtsIsExitCodeThree() {
    assertEquals(
        3,
        ExitCodes.of(
            report(
                Outcome.FAILED,
                "DescribeJob failed (DtsTransient): could not reach DTS at http://127.0.0.1:1")));
  }
}
