package io.dtscutover.cli.view;

import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CommandHints;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverStatus;
import io.dtscutover.workflow.TimelineEntry;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Follows a running cutover and prints it as it goes: each new timeline event, and a status line
 * (phase, lag with its trend, freeze time left) whenever one of them changes. When a gate or a
 * manual freeze waits for a person, it prints the exact command and asks its {@link Waiting}
 * handler whether to keep following. Used by {@code watch}, {@code start --wait} and {@code demo}.
 */
public final class CutoverFollower {

  /** What to do when the cutover waits for a person. */
  public interface Waiting {
    /** Returns true to keep following, false to return now. */
    boolean onWaiting(CutoverStatus status);
  }

  /** How following ended: with the report of the closed run, or (report null) at a waiting gate. */
  public record Result(CutoverReport report, CutoverStatus waitingAt) {}

  /** Timeline events shown when following starts in the middle of a cutover. */
  private static final int EARLIER_EVENTS_SHOWN = 5;

  private final CutoverProgress progress;
  private final PrintWriter out;
  private final CommandHints hints;
  private final Duration interval;
  private final Clock clock;
  private final LagTrend trend = new LagTrend();

  private int timelinePrinted;
  private String lastLine;
  private String lastWaiting;
  private String lastRetrying;
  private String lastReadingError;
  private Instant lastReadingAt;
  private boolean noWorkerHinted;
  private Instant announcedBeginning;

  public CutoverFollower(
      CutoverProgress progress,
      PrintWriter out,
      CommandHints hints,
      Duration interval,
      Clock clock) {
    this.progress = progress;
    this.out = out;
    this.hints = hints;
    this.interval = interval;
    this.clock = clock;
  }

  /** Follows until the run closes, or until {@code waiting} says to stop at a waiting gate. */
  public Result follow(Waiting waiting) throws InterruptedException {
    Instant startedWaitingForWorker = clock.instant();
    while (true) {
      CutoverProgress.Observation observation = progress.observe();
      if (observation.closed()) {
        return new Result(observation.report(), null);
      }
      CutoverStatus status = observation.status();
      if (observation.notBegun()) {
        if (!observation.beginsAt().equals(announcedBeginning)) {
          out.println(
              "begins at "
                  + observation.beginsAt()
                  + " (start --at): Temporal holds it until then");
          out.flush();
          announcedBeginning = observation.beginsAt();
        }
        // The wait for a worker starts when the cutover does.
        startedWaitingForWorker = clock.instant();
      } else if (status == null) {
        if (!noWorkerHinted
            && Duration.between(startedWaitingForWorker, clock.instant())
                    .compareTo(Duration.ofSeconds(10))
                > 0) {
          out.println(
              "no worker has picked the cutover up yet: is `cutover worker` (or `cutover dev`)"
                  + " running against this server?");
          out.flush();
          noWorkerHinted = true;
        }
      } else {
        printNew(status, observation.liveSnapshot());
        printRetrying(observation.retrying());
        printReadingError(observation.readingError());
        String waitingKey = waitingKey(status);
        if (waitingKey != null && !waitingKey.equals(lastWaiting)) {
          lastWaiting = waitingKey;
          StatusView.nextStep(out, status, hints.forRun(observation.runId()), clock.instant());
          out.flush();
          if (!waiting.onWaiting(status)) {
            return new Result(null, status);
          }
        } else if (waitingKey == null) {
          lastWaiting = null;
        }
      }
      Thread.sleep(interval.toMillis());
    }
  }

  private void printNew(CutoverStatus status, JobSnapshot live) {
    if (lastLine == null && status.timeline().size() > EARLIER_EVENTS_SHOWN) {
      // Joining a cutover under way: its recent past is context, its whole history is noise.
      int skipped = status.timeline().size() - EARLIER_EVENTS_SHOWN;
      out.println("  (" + skipped + " earlier events: `status` shows them all)");
      timelinePrinted = skipped;
    }
    for (int i = timelinePrinted; i < status.timeline().size(); i++) {
      TimelineEntry entry = status.timeline().get(i);
      out.println("  " + StatusView.timelineLine(entry));
    }
    timelinePrinted = status.timeline().size();
    if (live != null && (lastReadingAt == null || live.observedAt().isAfter(lastReadingAt))) {
      lastReadingAt = live.observedAt();
      trend.add(live.delayMillis());
    }
    String line = statusLine(status, live);
    if (!line.equals(lastLine)) {
      out.println(line);
      lastLine = line;
    }
    out.flush();
  }

  private void printReadingError(String readingError) {
    if (readingError != null && !readingError.equals(lastReadingError)) {
      out.println("  ! " + readingError);
      out.flush();
    }
    lastReadingError = readingError;
  }

  private void printRetrying(List<String> retrying) {
    for (String line : retrying) {
      if (!line.equals(lastRetrying)) {
        out.println("  ! retrying " + line);
      }
    }
    lastRetrying = retrying.isEmpty() ? null : retrying.get(retrying.size() - 1);
    out.flush();
  }

  private String statusLine(CutoverStatus status, JobSnapshot live) {
    StringBuilder line = new StringBuilder("» ").append(status.phase());
    if (live != null && live.incrementalConfigured()) {
      line.append("  lag ").append(StatusView.lag(live.delayMillis()));
      String sparkline = trend.sparkline();
      if (!sparkline.isEmpty()) {
        line.append(' ').append(sparkline);
      }
    }
    if (status.frozen()) {
      line.append("  source frozen");
      if (status.freezeDeadline() != null && !status.pointOfNoReturn()) {
        // Minute resolution keeps the line from reprinting every second.
        long minutes = Duration.between(clock.instant(), status.freezeDeadline()).toMinutes();
        line.append(minutes < 1 ? ", under 1m" : ", " + minutes + "m+")
            .append(" of freeze budget left");
      }
    }
    if (status.marker() != null) {
      line.append(
          status.marker().seenAt() == null
              ? "  marker written, not yet seen"
              : "  marker seen (lag " + status.marker().lag() + ")");
    }
    if (status.pendingGate() != null) {
      line.append("  gate ").append(status.pendingGate().cliName()).append(" waiting");
    }
    return line.toString();
  }

  private static String waitingKey(CutoverStatus status) {
    Gate gate = status.pendingGate();
    if (gate != null) {
      return "gate:" + gate.cliName();
    }
    return status.awaitingWritesStopped() ? "confirm-freeze" : null;
  }
}
