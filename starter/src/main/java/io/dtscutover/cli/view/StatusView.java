package io.dtscutover.cli.view;

import io.dtscutover.approval.GateDecision;
import io.dtscutover.cli.CommandHints;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.workflow.CutoverStatus;
import io.dtscutover.workflow.Quoted;
import io.dtscutover.workflow.TimelineEntry;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/** Renders a {@link CutoverStatus} for people: what is happening and what to do next. */
public final class StatusView {
  private StatusView() {}

  /** Lag as people read it: {@code 0 ms}, {@code 850 ms}, {@code 12.4 s}, or {@code unknown}. */
  static String lag(Long delayMillis) {
    if (delayMillis == null) {
      return "unknown";
    }
    if (delayMillis < 1000) {
      return delayMillis + " ms";
    }
    return String.format("%.1f s", delayMillis / 1000.0);
  }

  /** Time left until {@code deadline}, never negative. */
  static String left(Instant deadline, Instant now) {
    Duration left = Duration.between(now, deadline);
    return DurationConverter.format(left.isNegative() ? Duration.ZERO : left.withNanos(0));
  }

  /**
   * The full status: header, state, what to do next, decisions and timeline. {@code live} is the
   * freshest good DTS reading (a running await's heartbeat), newer than the status's own; {@code
   * readingError}, when set, says the latest reading failed, so that reading is not fresh.
   */
  static void print(
      PrintWriter out,
      CutoverStatus status,
      JobSnapshot live,
      String readingError,
      CommandHints hints,
      Instant now) {
    out.println("cutover  " + status.workflowId());
    out.println("job      " + status.request().job());
    out.println("phase    " + status.phase());
    JobSnapshot snapshot = live != null ? live : status.lastSnapshot();
    if (snapshot != null) {
      out.println("dts      " + snapshot.describe() + " (at " + snapshot.observedAt() + ")");
    }
    if (readingError != null) {
      out.println("dts      ! " + readingError);
    }
    if (status.verification() != null) {
      out.println("verify   " + status.verification().describe());
    }
    if (status.marker() != null) {
      out.println("marker   " + status.marker().describe());
    }
    if (status.holdRestarts() > 0) {
      out.println("holds    the held wait restarted " + status.holdRestarts() + " times so far");
    }
    out.println("freeze   " + freezeLine(status, now));
    if (status.pointOfNoReturn()) {
      out.println(
          "         point of no return passed: the task is being stopped, abort is refused");
    }
    if (status.error() != null) {
      out.println("error    " + status.error());
    }
    if (status.outcome() != null) {
      out.println("outcome  " + status.outcome());
    }
    nextStep(out, status, hints, now);
    if (!status.decisions().isEmpty()) {
      out.println("decisions:");
      for (GateDecision decision : status.decisions()) {
        out.println("  " + decisionLine(decision));
      }
    }
    if (!status.timeline().isEmpty()) {
      out.println("timeline:");
      for (TimelineEntry entry : status.timeline()) {
        out.println("  " + timelineLine(entry));
      }
    }
  }

  /** What the operator should run now, if anything waits for a person. */
  static void nextStep(PrintWriter out, CutoverStatus status, CommandHints hints, Instant now) {
    if (status.pendingGate() != null) {
      out.println(
          "waiting  gate "
              + status.pendingGate().cliName()
              + " waits for approval"
              + (status.pendingGateDeadline() == null
                  ? ""
                  : " (aborts in " + left(status.pendingGateDeadline(), now) + ")"));
      out.println("  approve: " + hints.approve(status.pendingGate()));
      out.println("  reject:  " + hints.reject(status.pendingGate()));
    }
    if (status.awaitingWritesStopped()) {
      out.println("waiting  stop the writers on the source, then confirm:");
      out.println("  " + hints.confirmFreeze());
    }
  }

  static String freezeLine(CutoverStatus status, Instant now) {
    if (!status.frozen()) {
      return "source writable";
    }
    String line =
        "source FROZEN" + (status.frozenAt() == null ? "" : " since " + status.frozenAt());
    if (status.freezeDeadline() != null && !status.pointOfNoReturn()) {
      line += ", " + left(status.freezeDeadline(), now) + " of freeze budget left";
    }
    return line;
  }

  static String decisionLine(GateDecision decision) {
    return decision.gate().cliName()
        + " "
        + decision.verdict()
        + " by "
        + Quoted.oneLine(decision.by())
        + " at "
        + decision.at()
        + (decision.comment() == null || decision.comment().isBlank()
            ? ""
            : ": " + Quoted.oneLine(decision.comment()));
  }

  /** One line whatever the event quotes: a cutover run by an older worker may hold raw input. */
  static String timelineLine(TimelineEntry entry) {
    return entry.at() + "  " + entry.phase() + "  " + Quoted.oneLine(entry.event());
  }
}
