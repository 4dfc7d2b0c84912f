package io.dtscutover.cli.marker;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.proof.MarkerFailures;
import io.dtscutover.worker.freeze.MarkerActivitiesImpl;
import io.temporal.failure.ApplicationFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover marker init --target NAME}: creates {@code dts_cutover_marker} on a target of the
 * worker's configuration ({@code CUTOVER_TARGET_<NAME>_*} in this process's environment), on
 * MySQL/MariaDB or PostgreSQL. Run it on the source before the DTS task is configured (or add the
 * table to its migration objects); DTS then creates and fills it on the destination.
 */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Create the marker table dts_cutover_marker (id, workflow_id, token, written_at) on a"
          + " target, if it is not there.",
      "The target is configured as for the worker: CUTOVER_TARGET_<NAME>_JDBC_URL, _USER and"
          + " _PASSWORD (or _PASSWORD_FILE), or CUTOVER_TARGETS_FILE.",
      "Make the table one of the DTS task's migration objects, and grant the destination"
          + " account SELECT on it."
    },
    footerHeading = "%nExample:%n",
    footer = {"  cutover marker init --target orders-db"})
final class MarkerInitCommand extends CliVerb {
  @Option(
      names = "--target",
      required = true,
      paramLabel = "NAME",
      description = "The database, as named in the worker's configuration.")
  String target;

  MarkerInitCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() {
    String done;
    try {
      done = MarkerActivitiesImpl.fromEnvironment(environment.variables()).createTable(target);
    } catch (IllegalArgumentException e) {
      throw CliFailure.usage(e.getMessage());
    } catch (ApplicationFailure failure) {
      String type = failure.getType();
      boolean usage =
          FreezeFailures.NON_RETRYABLE.contains(type)
              || MarkerFailures.NON_RETRYABLE.contains(type);
      throw new CliFailure(
          usage ? ExitCodes.USAGE : ExitCodes.UNREACHABLE, failure.getOriginalMessage());
    }
    out().println(done);
    out().flush();
    return ExitCodes.OK;
  }
}
