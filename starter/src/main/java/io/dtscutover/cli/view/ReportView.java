package io.dtscutover.cli.view;

import io.dtscutover.approval.GateDecision;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.LagReading;
import io.dtscutover.workflow.TimelineEntry;
import java.io.PrintWriter;
import java.time.Duration;

/** Renders a {@link CutoverReport} for people: the outcome first, then the audit trail. */
public final class ReportView {
  private ReportView() {}

  public static void print(PrintWriter out, CutoverReport report) {
    out.println(
        "outcome   "
            + report.outcome()
            + (report.reason() == null ? "" : " (" + report.reason() + ")")
            + (report.message() == null ? "" : ": " + report.message()));
    out.println("cutover   " + report.workflowId());
    if (report.request() != null) {
      out.println("job       " + report.request().job());
      out.println("requester " + report.request().requestedBy());
    }
    if (report.startedAt() != null && report.endedAt() != null) {
      out.println(
          "took      "
              + DurationConverter.format(
                  Duration.between(report.startedAt(), report.endedAt()).withNanos(0))
              + " ("
              + report.startedAt()
              + " .. "
              + report.endedAt()
              + ")");
    }
    out.println(
        "task      "
            + (report.taskDeleted()
                ? "stopped and released"
                : report.taskStopped() ? "stopped (Finished)" : "not stopped: still running"));
    out.println("source    " + (report.sourceFrozen() ? "left FROZEN" : "writable"));
    if (report.lastSnapshot() != null) {
      out.println("last DTS  " + report.lastSnapshot().describe());
    }
    if (report.verification() != null) {
      out.println("verify    " + report.verification().describe());
    }
    if (report.marker() != null) {
      out.println("marker    " + report.marker().describe());
    }
    if (report.holdRestarts() > 0) {
      out.println(
          "holds     the held wait restarted "
              + report.holdRestarts()
              + " times (the condition broke, or a DTS reading failed or went missing)");
    }
    if (report.decisions() != null && !report.decisions().isEmpty()) {
      out.println("decisions:");
      for (GateDecision decision : report.decisions()) {
        out.println("  " + StatusView.decisionLine(decision));
      }
    }
    if (report.lagReadings() != null && !report.lagReadings().isEmpty()) {
      out.println("lag readings:");
      for (LagReading reading : report.lagReadings()) {
        out.println(
            "  "
                + reading.at()
                + "  "
                + reading.moment()
                + ": "
                + StatusView.lag(reading.delayMillis())
                + (reading.caughtUp() ? ", caught up" : "")
                + (reading.requestId() == null ? "" : " (request " + reading.requestId() + ")"));
      }
    }
    if (report.plan() != null && !report.plan().isEmpty()) {
      out.println("plan (dry run: nothing was changed):");
      report.plan().forEach(step -> out.println("  - " + step));
    }
    if (report.dtsRequestIds() != null && !report.dtsRequestIds().isEmpty()) {
      out.println("DTS request ids: " + String.join(", ", report.dtsRequestIds()));
    }
    if (report.timeline() != null && !report.timeline().isEmpty()) {
      out.println("timeline:");
      for (TimelineEntry entry : report.timeline()) {
        out.println("  " + StatusView.timelineLine(entry));
      }
    }
  }
}
