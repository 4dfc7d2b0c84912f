package io.dtscutover.cli.wave;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.wave.WaveReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cutover wave report}: the wave's result (waits for its end); exit code by outcome. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = "Print a wave's report, waiting until it ends (exit 0 success, 1 otherwise).")
final class WaveReportCommand extends WaveVerb {
  @Option(names = "--wave-id", required = true, paramLabel = "WAVE", description = "The wave.")
  String waveId;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  WaveReportCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    try (TemporalConnection temporal = connection.connect(environment)) {
      WaveReport wave = report(temporal, waveId);
      print(wave, json);
      return exitCode(wave);
    }
  }
}
