package io.dtscutover.cli;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.workflow.CutoverRequest;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The request as a markdown table: the workflow's static details in the Temporal Web UI, so whoever
 * opens the run sees what was asked without decoding the input payload.
 */
final class RequestMarkdown {
  private RequestMarkdown() {}

  static String of(CutoverRequest request) {
    ApprovalPolicy approval = request.approval();
    StringBuilder md = new StringBuilder();
    md.append("| setting | value |\n|---|---|\n");
    row(md, "DTS job", request.jobId());
    row(md, "region", request.regionId());
    row(md, "instance", request.instanceId());
    row(
        md,
        "freeze",
        request.freezeStrategy().cliName()
            + (request.freezeTarget() == null ? "" : " on " + request.freezeTarget()));
    row(md, "max lag before freeze", DurationConverter.format(request.maxLagBeforeFreeze()));
    row(md, "quiet window", DurationConverter.format(request.quietWindow()));
    row(md, "poll interval", DurationConverter.format(request.pollInterval()));
    row(md, "catch-up timeout", DurationConverter.format(request.catchUpTimeout()));
    row(md, "full-load timeout", DurationConverter.format(request.waitForIncrementalTimeout()));
    row(md, "freeze budget", DurationConverter.format(request.maxFreeze()));
    row(md, "approval required", gates(approval.requireApproval()));
    row(md, "auto-approved", gates(approval.autoApprove()));
    row(
        md,
        "approvers",
        approval.approvers().isEmpty() ? "anyone" : String.join(", ", approval.approvers()));
    row(md, "two-person rule", approval.twoPerson() ? "yes" : "no");
    row(md, "gate deadline", DurationConverter.format(approval.gateDeadline()));
    row(md, "release task after stop", request.deleteAfterStop() ? "yes" : "no");
    row(md, "unfreeze after stop", request.unfreezeAfterStop() ? "yes" : "no");
    row(md, "allow paused / failed", request.allowPaused() + " / " + request.allowFailed());
    row(md, "dry run", request.dryRun() ? "yes" : "no");
    row(md, "not before", request.notBefore() == null ? null : request.notBefore().toString());
    row(md, "not after", request.notAfter() == null ? null : request.notAfter().toString());
    row(md, "requested by", request.requestedBy());
    return md.toString();
  }

  private static String gates(Set<Gate> gates) {
    return gates == null || gates.isEmpty()
        ? "none"
        : gates.stream().map(Gate::cliName).collect(Collectors.joining(", "));
  }

  private static void row(StringBuilder md, String name, String value) {
    if (value != null) {
      md.append("| ").append(name).append(" | ").append(value.replace("|", "\\|")).append(" |\n");
    }
  }
}
