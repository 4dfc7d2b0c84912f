package io.dtscutover.wave;

import io.dtscutover.workflow.WaveMemberReport;

/** A wave's state as Markdown, for the Web UI's current details: the wave, then one row per job. */
final class WaveMarkdown {
  private WaveMarkdown() {}

  static String status(WaveReport wave) {
    StringBuilder md = new StringBuilder();
    md.append("**Wave ")
        .append(wave.waveId())
        .append("**: ")
        .append(wave.phase())
        .append(wave.outcome() == null ? "" : " (" + wave.reason() + ")")
        .append(", point of no return ")
        .append(wave.pointOfNoReturn() ? "passed" : "not yet")
        .append('\n');
    if (wave.pendingGate() != null) {
      md.append("\nWaiting for approval of the ")
          .append(wave.pendingGate().cliName())
          .append(" gate until ")
          .append(wave.pendingGateDeadline())
          .append(": `")
          .append(WaveCommands.approve(wave.waveId(), wave.pendingGate()))
          .append("`\n");
    }
    if (wave.freezeDeadline() != null) {
      md.append("\nFreeze budget ends ").append(wave.freezeDeadline()).append('\n');
    }
    if (wave.message() != null) {
      md.append('\n').append(cell(wave.message())).append('\n');
    }
    md.append("\n| job | region | phase | at | lag | frozen | stopped | last reading |\n")
        .append("|---|---|---|---|---|---|---|---|\n");
    for (WaveJobStatus job : wave.jobs()) {
      WaveMemberReport.Point point = job.point();
      md.append("| ")
          .append(cell(job.jobId()))
          .append(" | ")
          .append(cell(job.regionId()))
          .append(" | ")
          .append(job.phase() == null ? "starting" : job.phase())
          .append(" | ")
          .append(point == null ? "" : point)
          .append(" | ")
          .append(job.lagMillis() == null ? "" : job.lagMillis() + " ms")
          .append(" | ")
          .append(job.frozen() ? "yes" : "no")
          .append(" | ")
          .append(job.taskStopped() ? "yes" : "no")
          .append(" | ")
          .append(job.lastReadingAt() == null ? "" : job.lastReadingAt())
          .append(" |\n");
    }
    return md.toString();
  }

  private static String cell(String text) {
    return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
  }
}
