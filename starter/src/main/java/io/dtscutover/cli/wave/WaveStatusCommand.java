package io.dtscutover.cli.wave;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.wave.WaveReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cutover wave status}: the wave now, one line per job. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show a wave: its phase and gate, one line per job (phase, lag, freeze state).")
final class WaveStatusCommand extends WaveVerb {
  @Option(names = "--wave-id", required = true, paramLabel = "WAVE", description = "The wave.")
  String waveId;

  @Option(names = "--json", description = "Print the wave's state as JSON.")
  boolean json;

  WaveStatusCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    try (TemporalConnection temporal = connection.connect(environment)) {
      WaveReport wave = status(temporal, waveId);
      print(wave, json);
      return wave.outcome() == null ? ExitCodes.OK : exitCode(wave);
    }
  }
}
