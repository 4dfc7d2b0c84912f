package io.dtscutover.cli.wave;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cutover wave}: many DTS jobs cut over together, with one freeze gate, one stop gate and
 * one freeze budget. The gates are decided with {@code cutover approve|reject|abort --wave-id}.
 */
@Command(
    name = "wave",
    mixinStandardHelpOptions = true,
    description = "Cut many DTS jobs over together: one freeze gate, one stop gate.",
    subcommands = {
      WaveStartCommand.class,
      WaveStatusCommand.class,
      WaveWatchCommand.class,
      WaveReportCommand.class,
      WaveScheduleCommand.class
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  cutover wave start --wave-id orders --job cn-hangzhou/dtsa=orders-a \\",
      "      --job cn-hangzhou/dtsb=orders-b --freeze mysql-read-only --as alice",
      "  cutover wave watch --wave-id orders",
      "  cutover approve --wave-id orders --gate freeze --as bob"
    })
public final class WaveCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "name a wave command: start, status, watch, report or schedule");
  }
}
