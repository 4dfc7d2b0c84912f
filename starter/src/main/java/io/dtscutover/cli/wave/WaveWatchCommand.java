package io.dtscutover.cli.wave;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.wave.WaveReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover wave watch}: follows a wave until one of its gates waits for a person (exit 0,
 * with the command that approves it) or until it ends (exit code by outcome, like a cutover's).
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a wave: prints each change of phase; returns when a wave gate waits for a person",
      "(exit 0) or when the wave ends (exit 0 success, 1 aborted/failed)."
    })
final class WaveWatchCommand extends WaveVerb {
  @Option(names = "--wave-id", required = true, paramLabel = "WAVE", description = "The wave.")
  String waveId;

  @Option(names = "--json", description = "Print the wave's state as JSON when returning.")
  boolean json;

  @Option(
      names = "--refresh",
      paramLabel = "D",
      converter = DurationConverter.class,
      defaultValue = "1s",
      description = "How often to read the wave's state (default: ${DEFAULT-VALUE}).")
  Duration refresh;

  WaveWatchCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() throws InterruptedException {
    try (TemporalConnection temporal = connection.connect(environment)) {
      WaveReport wave = follow(temporal, waveId, json ? err() : out(), refresh, true);
      print(wave, json);
      return wave.outcome() == null ? ExitCodes.OK : exitCode(wave);
    }
  }

  /**
   * Reads the wave every {@code refresh}, printing each new phase, until it ends or, when {@code
   * stopAtGate}, until a gate waits for a person.
   */
  static WaveReport follow(
      TemporalConnection temporal,
      String waveId,
      PrintWriter progress,
      Duration refresh,
      boolean stopAtGate)
      throws InterruptedException {
    String shown = null;
    while (true) {
      WaveReport wave = status(temporal, waveId);
      String now = wave.phase() + (wave.pendingGate() == null ? "" : " " + wave.pendingGate());
      if (!Objects.equals(now, shown)) {
        long frozen = wave.jobs().stream().filter(j -> j.frozen()).count();
        long stopped = wave.jobs().stream().filter(j -> j.taskStopped()).count();
        progress.println(
            "wave "
                + waveId
                + ": "
                + wave.phase()
                + " ("
                + wave.jobs().size()
                + " jobs, "
                + frozen
                + " frozen, "
                + stopped
                + " stopped)");
        progress.flush();
        shown = now;
      }
      if (wave.outcome() != null || (stopAtGate && wave.pendingGate() != null)) {
        return wave;
      }
      Thread.sleep(refresh.toMillis());
    }
  }
}
