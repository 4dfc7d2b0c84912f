package io.dtscutover.workflow;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.proof.ProofMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Renders a cutover as markdown for the Temporal Web UI: the request (static details) and the live
 * status table (current details). Pure: no workflow API, so the CLI can use it too.
 */
public final class CutoverMarkdown {
  private CutoverMarkdown() {}

  /** The one-line summary the Web UI lists: {@code Cutover of <job> in <region>}. */
  public static String summary(CutoverRequest request) {
    return "Cutover of " + request.jobId() + " in " + request.regionId();
  }

  /** The request as a markdown table. */
  public static String request(CutoverRequest request) {
    ApprovalPolicy approval = request.approval();
    StringBuilder md = new StringBuilder("| setting | value |\n|---|---|\n");
    row(md, "DTS job", request.jobId());
    row(md, "region", request.regionId());
    row(md, "instance", request.instanceId());
    row(md, "requested by", request.requestedBy());
    row(
        md,
        "freeze",
        request.freezeStrategy() == null
            ? null
            : request.freezeStrategy().cliName()
                + (request.freezeTarget() == null ? "" : " on " + request.freezeTarget()));
    if (request.proof() == ProofMode.MARKER) {
      row(
          md,
          "proof",
          "marker written on "
              + request.markerSource()
              + ", read back on "
              + request.proofDestination());
    }
    row(md, "max lag before freeze", request.maxLagBeforeFreeze());
    row(md, "quiet window", request.quietWindow());
    row(md, "poll interval", request.pollInterval());
    row(md, "catch-up timeout", request.catchUpTimeout());
    row(md, "wait for incremental", request.waitForIncrementalTimeout());
    row(md, "freeze budget", request.maxFreeze());
    if (approval != null) {
      row(
          md,
          "approval required",
          approval.requireApproval() == null || approval.requireApproval().isEmpty()
              ? "none"
              : approval.requireApproval().stream()
                  .map(Gate::cliName)
                  .collect(Collectors.joining(", ")));
      row(
          md,
          "approvers",
          approval.approvers() == null || approval.approvers().isEmpty()
              ? "anyone"
              : String.join(", ", approval.approvers()));
      row(md, "two-person rule", approval.twoPerson() ? "yes" : "no");
      row(md, "gate deadline", approval.gateDeadline());
      if (approval.autoApprove() != null && !approval.autoApprove().isEmpty()) {
        row(
            md,
            "auto-approve",
            approval.autoApprove().stream().map(Gate::cliName).collect(Collectors.joining(", ")));
      }
    }
    row(md, "delete after stop", request.deleteAfterStop() ? "yes" : "no");
    row(md, "unfreeze after stop", request.unfreezeAfterStop() ? "yes" : "no");
    if (request.allowPaused() || request.allowFailed()) {
      row(
          md,
          "may stop",
          (request.allowPaused() ? "paused " : "") + (request.allowFailed() ? "failed" : ""));
    }
    row(md, "dry run", request.dryRun() ? "yes" : "no");
    row(md, "not before", request.notBefore());
    row(md, "not after", request.notAfter());
    return md.toString();
  }

  /** The live status table; {@code now} is the workflow's time when it was rendered. */
  public static String status(CutoverStatus status, Instant now) {
    StringBuilder md = new StringBuilder("| | |\n|---|---|\n");
    row(md, "phase", status.phase());
    row(md, "request", keyFields(status.request()));
    JobSnapshot job = status.lastSnapshot();
    if (job != null) {
      row(md, "task", job.describe());
    }
    if (status.request() != null && status.request().waveId() != null) {
      row(
          md,
          "wave",
          status.request().waveId()
              + ": its freeze and stop gates are decided for every job of the wave (`cutover wave"
              + " status --wave-id "
              + status.request().waveId()
              + "`)");
    }
    String gate = CutoverPublisher.pendingGate(status);
    if (gate != null) {
      row(
          md,
          "waiting for",
          (CutoverPublisher.WRITES_STOPPED_GATE.equals(gate)
                  ? "confirmation that writes stopped: `"
                      + CutoverCommands.confirmFreeze(status.workflowId(), status.request())
                      + "`"
                  : "approval of the "
                      + gate
                      + " gate: update `approve` with `{\"gate\": \""
                      + gate
                      + "\", \"by\": \"NAME\"}`, or `"
                      + CutoverCommands.approve(
                          status.workflowId(), status.request(), status.pendingGate())
                      + "`")
              + (status.pendingGateDeadline() == null
                  ? ""
                  : ", until " + status.pendingGateDeadline()));
    }
    if (status.frozen()) {
      row(
          md,
          "source",
          "frozen since "
              + status.frozenAt()
              + (status.freezeDeadline() == null
                  ? ""
                  : ", budget ends "
                      + status.freezeDeadline()
                      + " ("
                      + left(now, status.freezeDeadline())
                      + " left)"));
    }
    if (status.verification() != null) {
      row(md, "data verification", status.verification().describe());
    }
    if (status.marker() != null) {
      row(md, "marker", status.marker().describe());
    }
    if (status.holdRestarts() > 0) {
      row(md, "hold restarts", status.holdRestarts());
    }
    row(md, "point of no return", status.pointOfNoReturn() ? "passed" : "not yet");
    if (status.outcome() != null) {
      row(
          md,
          "outcome",
          status.outcome() + (status.reason() == null ? "" : " (" + status.reason() + ")"));
    }
    if (status.error() != null) {
      row(md, "reason", status.error());
    }
    return md.toString();
  }

  /**
   * The request's key fields in one line, so the Web UI shows them whichever client started the run
   * (the static details are only what that client chose to set).
   */
  static String keyFields(CutoverRequest request) {
    if (request == null) {
      return null;
    }
    ApprovalPolicy approval = request.approval();
    String gates =
        approval == null || approval.requireApproval() == null
            ? "?"
            : approval.requireApproval().isEmpty()
                ? "none"
                : Arrays.stream(Gate.values())
                    .filter(approval.requireApproval()::contains)
                    .map(Gate::cliName)
                    .collect(Collectors.joining(", "));
    return request.jobId()
        + " in "
        + request.regionId()
        + ", requested by "
        + request.requestedBy()
        + "; freeze "
        + (request.freezeStrategy() == null ? "?" : request.freezeStrategy().cliName())
        + (request.freezeTarget() == null ? "" : " on " + request.freezeTarget())
        + (request.proof() == ProofMode.MARKER
            ? "; marker proof " + request.markerSource() + " -> " + request.proofDestination()
            : "")
        + ", quiet window "
        + request.quietWindow()
        + ", freeze budget "
        + request.maxFreeze()
        + "; approval at "
        + gates
        + (request.deleteAfterStop() ? "; release after stop" : "")
        + (request.dryRun() ? "; dry run" : "");
  }

  private static String left(Instant now, Instant deadline) {
    Duration left = Duration.between(now, deadline);
    return left.isNegative() ? "0s" : left.toString().substring(2).toLowerCase();
  }

  private static void row(StringBuilder md, String name, Object value) {
    if (value != null) {
      md.append("| ")
          .append(name)
          .append(" | ")
          .append(value.toString().replace("|", "\\|"))
          .append(" |\n");
    }
  }
}
