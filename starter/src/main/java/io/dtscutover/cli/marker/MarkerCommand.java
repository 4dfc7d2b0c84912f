package io.dtscutover.cli.marker;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cutover marker}: the marker table that marker proof ({@code --proof marker}) uses. */
@Command(
    name = "marker",
    mixinStandardHelpOptions = true,
    description = {
      "The marker table dts_cutover_marker of marker proof (--proof marker): a row the cutover"
          + " writes on the frozen source and waits to see on the destination before the stop."
    },
    subcommands = {MarkerInitCommand.class},
    footerHeading = "%nExample:%n",
    footer = {"  cutover marker init --target orders-db"})
public final class MarkerCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a marker command: init");
  }
}
