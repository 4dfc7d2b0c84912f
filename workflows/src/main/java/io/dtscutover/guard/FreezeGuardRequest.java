package io.dtscutover.guard;

import io.dtscutover.freeze.FreezeReceipt;
import java.time.Instant;

/**
 * What one guard protects.
 *
 * @param cutoverWorkflowId the cutover's workflow id, to tell it when the guard restored
 * @param cutoverRunId the cutover's run, so a later run with the same id is never told
 * @param receipt how to restore the source, exactly as the cutover would
 * @param budgetEnds when the freeze budget ends: claims are refused from then on
 */
public record FreezeGuardRequest(
    String cutoverWorkflowId, String cutoverRunId, FreezeReceipt receipt, Instant budgetEnds) {}
