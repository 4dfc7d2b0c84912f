package io.dtscutover.cli.stack;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.devstack.Scenarios;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover simulator}: a local DTS OpenAPI server that the real Alibaba SDK talks to, playing
 * the jobs of a scenario, until Ctrl-C. Prints the variables that point a worker at it.
 */
@Command(
    name = "simulator",
    mixinStandardHelpOptions = true,
    description = {
      "Run the DTS simulator: DTS's OpenAPI on a local port, playing the jobs of a scenario.",
      "Point a worker at it with the DTS_ENDPOINT and access key it prints."
    },
    footerHeading = "%nExample:%n",
    footer = "  cutover simulator --scenario demo --port 18080")
public final class SimulatorCommand extends CliVerb {
  @Option(
      names = "--scenario",
      paramLabel = "F",
      defaultValue = Scenarios.DEMO,
      description =
          "A bundled scenario (demo) or a scenario JSON file (default: ${DEFAULT-VALUE}).")
  String scenario;

  @Option(
      names = "--port",
      paramLabel = "P",
      defaultValue = "18080",
      description = "Port to listen on, on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  SimulatorCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() throws InterruptedException {
    Scenario loaded = StackParts.scenario(scenario);
    try (DtsSimulator simulator = StackParts.simulator(loaded, port)) {
      out().println("DTS simulator listening on " + simulator.baseUrl());
      printJobs(loaded);
      String keyId = loaded.accessKeys().keySet().iterator().next();
      out().println("Point a worker at it:");
      out().println("  export DTS_ENDPOINT=" + simulator.baseUrl());
      out().println("  export ALIBABA_CLOUD_ACCESS_KEY_ID=" + keyId);
      out()
          .println(
              "  export ALIBABA_CLOUD_ACCESS_KEY_SECRET="
                  + (Scenarios.bundled(scenario)
                      ? loaded.accessKeys().get(keyId)
                      : "<its secret in " + scenario + ">"));
      out().println("Ctrl-C stops it.");
      out().flush();
      environment.shutdown().await();
    } finally {
      environment.shutdown().cleanedUp();
    }
    return ExitCodes.OK;
  }

  private void printJobs(Scenario loaded) {
    for (JobSpec job : loaded.jobs()) {
      out().println("  job " + job.jobId() + " in " + job.regionId());
    }
  }
}
