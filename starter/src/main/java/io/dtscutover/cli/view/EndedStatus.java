package io.dtscutover.cli.view;

import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.Phase;
import io.dtscutover.workflow.ReasonCode;

/**
 * The {@code status --json} of a cutover that has ended: {@code phase}, {@code outcome} and {@code
 * reason} at the top level like a live status (the terminal phase named after the outcome), with
 * the report beside it.
 */
record EndedStatus(
    String workflowId, Phase phase, Outcome outcome, ReasonCode reason, CutoverReport report) {
  static EndedStatus of(CutoverReport report) {
    return new EndedStatus(
        report.workflowId(),
        Phase.valueOf(report.outcome().name()),
        report.outcome(),
        report.reason(),
        report);
  }
}
