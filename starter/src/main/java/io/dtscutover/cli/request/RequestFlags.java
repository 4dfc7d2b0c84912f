package io.dtscutover.cli.request;

import io.dtscutover.workflow.RequestProblem;
import java.util.Map;

/**
 * Maps {@link io.dtscutover.workflow.CutoverRequest} fields to the {@code start} flags that set
 * them, so a validation problem names the flag the user typed, not a Java field.
 */
final class RequestFlags {
  private static final Map<String, String> FLAGS =
      Map.ofEntries(
          Map.entry("jobId", "--job-id"),
          Map.entry("regionId", "--region"),
          Map.entry("instanceId", "--instance-id"),
          Map.entry("freezeStrategy", "--freeze"),
          Map.entry("freezeTarget", "--freeze-target"),
          Map.entry("proof", "--proof"),
          Map.entry("proofSource", "--proof-source"),
          Map.entry("proofDestination", "--proof-destination"),
          Map.entry("maxLagBeforeFreeze", "--max-lag-before-freeze"),
          Map.entry("quietWindow", "--quiet-window"),
          Map.entry("pollInterval", "--poll-interval"),
          Map.entry("catchUpTimeout", "--catch-up-timeout"),
          Map.entry("waitForIncrementalTimeout", "--wait-for-incremental-timeout"),
          Map.entry("maxFreeze", "--max-freeze"),
          Map.entry("approval", "--require-approval"),
          Map.entry("approval.requireApproval", "--require-approval"),
          Map.entry("approval.approvers", "--approvers"),
          Map.entry("approval.twoPerson", "--two-person"),
          Map.entry("approval.gateDeadline", "--gate-deadline"),
          Map.entry("approval.autoApprove", "--auto-approve"),
          Map.entry("deleteAfterStop", "--delete"),
          Map.entry("requireVerification", "--require-verification"),
          Map.entry("notBefore", "--not-before"),
          Map.entry("notAfter", "--not-after"),
          Map.entry("requestedBy", "--as"));

  private RequestFlags() {}

  /** The flag for {@code field}, or the field name when no flag sets it. */
  static String flagFor(String field) {
    return FLAGS.getOrDefault(field, field);
  }

  /** {@code --quiet-window: must be zero or more (got PT-1S)}. */
  static String describe(RequestProblem problem) {
    return flagFor(problem.field()) + ": " + problem.message();
  }
}
