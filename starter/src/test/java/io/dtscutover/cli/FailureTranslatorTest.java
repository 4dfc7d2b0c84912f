package io.dtscutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.workflow.CutoverFailures;
import io.grpc.Status;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;

class FailureTranslatorTest {
  private static final WorkflowExecution EXECUTION =
      WorkflowExecution.newBuilder().setWorkflowId("cutover-cn-hangzhou-dtsabc").build();

  @Test
  void aCliFailureStaysAsItIs() {
    CliFailure failure = CliFailure.usage("bad");
    assertSame(failure, FailureTranslator.translate(failure));
  }

  @Test
  void anUnavailableServerIsExitCodeThree() {
    CliFailure failure =
        FailureTranslator.translate(
            new RuntimeException(Status.UNAVAILABLE.withDescription("io").asRuntimeException()));
    assertEquals(ExitCodes.UNREACHABLE, failure.exitCode());
  }

  @Test
  void refusedCredentialsNameTheSettingsToCheck() {
    CliFailure failure = FailureTranslator.translate(Status.PERMISSION_DENIED.asRuntimeException());
    assertEquals(ExitCodes.USAGE, failure.exitCode());
    assertTrue(failure.getMessage().contains("TEMPORAL_API_KEY"), failure.getMessage());
  }

  @Test
  void aMissingSearchAttributeSaysHowToRegisterIt() {
    CliFailure failure =
        FailureTranslator.translate(
            Status.INVALID_ARGUMENT
                .withDescription("search attribute DtsJobId is not defined")
                .asRuntimeException());
    assertEquals(ExitCodes.USAGE, failure.exitCode());
    assertTrue(failure.getMessage().contains("cutover worker"), failure.getMessage());
  }

  @Test
  void unknownAndDuplicateCutoversAreUsageErrorsNamingTheWorkflow() {
    CliFailure unknown =
        FailureTranslator.translate(new WorkflowNotFoundException(EXECUTION, null, null));
    assertEquals(ExitCodes.USAGE, unknown.exitCode());
    assertTrue(unknown.getMessage().contains("cutover-cn-hangzhou-dtsabc"), unknown.getMessage());

    CliFailure duplicate =
        FailureTranslator.translate(
            new WorkflowExecutionAlreadyStarted(EXECUTION, "CutoverWorkflow", null));
    assertEquals(ExitCodes.USAGE, duplicate.exitCode());
    assertTrue(duplicate.getMessage().contains("already running"), duplicate.getMessage());
  }

  @Test
  void aRefusalByTheCutoverIsAUsageErrorWithTheCutoversReasonAndTheCliHint() {
    CliFailure failure =
        FailureTranslator.translate(
            new WorkflowUpdateException(
                EXECUTION,
                "update-1",
                "approve",
                ApplicationFailure.newNonRetryableFailure(
                    "the stop gate is not waiting for a decision (the freeze gate is)",
                    CutoverFailures.REFUSED)));
    assertEquals(ExitCodes.USAGE, failure.exitCode());
    assertEquals(
        "refused: the stop gate is not waiting for a decision (the freeze gate is)"
            + " (`cutover status` shows what the cutover waits for and who may act)",
        failure.getMessage());
  }

  @Test
  void anythingElsePointsAtVerbose() {
    CliFailure failure = FailureTranslator.translate(new IllegalStateException("boom"));
    assertEquals(ExitCodes.CUTOVER_NOT_SUCCESSFUL, failure.exitCode());
    assertTrue(failure.getMessage().contains("boom"), failure.getMessage());
    assertTrue(failure.getMessage().contains("--verbose"), failure.getMessage());
  }

  @Test
  void aRemoteStackTraceInTheMessageIsCutToItsFirstLine() {
    CliFailure failure =
        FailureTranslator.translate(
            Status.INVALID_ARGUMENT
                .withDescription(
                    "java.lang.IllegalArgumentException: Unknown query type: status\n"
                        + "\tat io.temporal.internal.sync.QueryDispatcher.handleQuery(...)")
                .asRuntimeException());
    assertTrue(failure.getMessage().contains("Unknown query type: status"), failure.getMessage());
    assertTrue(!failure.getMessage().contains("QueryDispatcher"), failure.getMessage());
    assertTrue(!failure.getMessage().contains("\n"), failure.getMessage());
  }
}
