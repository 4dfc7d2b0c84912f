package io.dtscutover.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtscutover.approval.Gate;
import org.junit.jupiter.api.Test;

class CutoverCommandsTest {
  private final CutoverRequest request = CutoverTestEnvironment.request().build();

  @Test
  void aStartedCutoverIsAddressedByJobAndRegion() {
    assertEquals(
        "cutover approve --job-id dtsjob01 --region cn-hangzhou --gate stop --as YOUR_NAME",
        CutoverCommands.approve(request.workflowId(), request, Gate.STOP));
    assertEquals(
        "cutover confirm-freeze --job-id dtsjob01 --region cn-hangzhou --as YOUR_NAME",
        CutoverCommands.confirmFreeze(request.workflowId(), request));
  }

  @Test
  void aScheduledRunIsAddressedByItsOwnWorkflowId() {
    String run = request.workflowId() + "-2026-11-29T03:00:00Z";
    assertEquals(
        "cutover approve --workflow-id " + run + " --gate freeze --as YOUR_NAME",
        CutoverCommands.approve(run, request, Gate.FREEZE));
    assertEquals(
        "cutover confirm-freeze --workflow-id " + run + " --as YOUR_NAME",
        CutoverCommands.confirmFreeze(run, request));
  }
}
