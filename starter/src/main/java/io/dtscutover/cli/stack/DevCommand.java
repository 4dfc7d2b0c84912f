package io.dtscutover.cli.stack;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.devstack.DevStack;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover dev}: the embedded Temporal server and a worker in one process (plus the DTS
 * simulator, with the worker pointed at it), until Ctrl-C. Another terminal then drives cutovers
 * with {@code start}, {@code watch} and {@code approve}.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Run a development stack in one process: embedded Temporal server + worker"
          + " (+ DTS simulator, with the worker pointed at it).",
      "In memory only: stopping it loses every cutover."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  cutover dev --simulator demo",
      "  # then, in another terminal:",
      "  cutover start --job-id dtsdemo01 --region cn-hangzhou --freeze sim --quiet-window 10s"
          + " --poll-interval 1s --as alice"
    })
public final class DevCommand extends CliVerb {
  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "7233",
      description = "Temporal port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--simulator",
      paramLabel = "SCENARIO",
      description =
          "Also run the DTS simulator with this scenario (bundled: demo; or a JSON file) and"
              + " point the worker at it. Without it the worker calls the DTS its environment"
              + " names.")
  String simulatorScenario;

  @Option(
      names = "--simulator-port",
      paramLabel = "P",
      defaultValue = "18080",
      description = "Simulator port (default: ${DEFAULT-VALUE}).")
  int simulatorPort;

  /** A start command for the scenario's first job, in the program's own name. */
  private String startExample(Scenario scenario, String address) {
    String program =
        environment.get("CUTOVER_PROG") == null ? "cutover" : environment.get("CUTOVER_PROG");
    boolean simulated = scenario != null && !scenario.jobs().isEmpty();
    return program
        + " start --job-id "
        + (simulated ? scenario.jobs().get(0).jobId() : "<job>")
        + " --region "
        + (simulated ? scenario.jobs().get(0).regionId() : "<region>")
        + (simulated ? " --freeze sim --quiet-window 10s --poll-interval 1s" : "")
        + (port == 7233 ? "" : " --address " + address)
        + " --as alice";
  }

  DevCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() throws InterruptedException {
    Scenario scenario = simulatorScenario == null ? null : StackParts.scenario(simulatorScenario);
    try (DevStack stack =
        StackParts.stack(
            new DevStack.Options(port, scenario, simulatorPort, environment.variables()))) {
      out().println("Temporal (embedded, in memory) on " + stack.temporalAddress());
      if (stack.simulator() != null) {
        out().println("DTS simulator on " + stack.simulator().baseUrl() + " with jobs:");
        for (JobSpec job : scenario.jobs()) {
          out().println("  " + job.jobId() + " in " + job.regionId());
        }
      }
      out().println("Worker polling task queue " + stack.taskQueue());
      out().println("In another terminal, for example:");
      out().println("  " + startExample(scenario, stack.temporalAddress()));
      out().println("Ctrl-C stops everything; the cutovers it holds are lost then.");
      out().flush();
      environment.shutdown().await();
    } finally {
      environment.shutdown().cleanedUp();
    }
    return ExitCodes.OK;
  }
}
