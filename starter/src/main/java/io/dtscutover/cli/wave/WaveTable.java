package io.dtscutover.cli.wave;

import io.dtscutover.approval.GateDecision;
import io.dtscutover.wave.WaveCommands;
import io.dtscutover.wave.WaveJobStatus;
import io.dtscutover.wave.WaveReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A wave as people read it: one heading, one line per job (phase, lag, freeze, last reading). */
final class WaveTable {
  private WaveTable() {}

  static void print(PrintWriter out, WaveReport wave) {
    out.println(
        "wave "
            + wave.waveId()
            + " ("
            + wave.workflowId()
            + "): "
            + wave.phase()
            + (wave.outcome() == null ? "" : ", " + wave.outcome() + " (" + wave.reason() + ")")
            + ", point of no return "
            + (wave.pointOfNoReturn() ? "passed" : "not yet"));
    if (wave.pendingGate() != null) {
      out.println(
          "waiting for approval of the "
              + wave.pendingGate().cliName()
              + " gate until "
              + wave.pendingGateDeadline()
              + ":");
      out.println("  " + WaveCommands.approve(wave.waveId(), wave.pendingGate()));
    }
    if (wave.freezeDeadline() != null) {
      out.println("freeze budget ends " + wave.freezeDeadline());
    }
    for (GateDecision decision : wave.decisions()) {
      out.println(
          decision.gate().cliName() + " gate: " + decision.verdict() + " by " + decision.by());
    }
    if (wave.message() != null) {
      out.println(wave.message());
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "JOB", "REGION", "PHASE", "LAG", "FROZEN", "STOPPED", "RUNS", "LAST READING"
        });
    for (WaveJobStatus job : wave.jobs()) {
      rows.add(
          new String[] {
            job.jobId(),
            job.regionId(),
            job.phase() == null ? "STARTING" : job.phase().name(),
            job.lagMillis() == null ? "-" : job.lagMillis() + " ms",
            job.frozen() ? "frozen" : "writable",
            job.taskStopped() ? "yes" : "no",
            String.valueOf(job.runs()),
            job.lastReadingAt() == null
                ? "-"
                : job.lastReadingAt() + (job.lastReading() == null ? "" : " " + job.lastReading())
          });
    }
    int[] widths = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
      }
      out.println(line.toString().stripTrailing());
    }
    for (WaveJobStatus job : wave.jobs()) {
      if (!job.plan().isEmpty()) {
        out.println("plan of " + job.jobId() + ":");
        job.plan().forEach(step -> out.println("  - " + step));
      } else if (job.outcome() != null && job.message() != null && !job.taskStopped()) {
        out.println(job.jobId() + ": " + job.outcome() + " " + job.reason() + ": " + job.message());
      }
    }
    out.flush();
  }
}
