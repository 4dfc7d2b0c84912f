package io.dtscutover.wave;

import io.dtscutover.approval.Gate;

/** The exact {@code cutover} commands that decide a wave's gates, as notifications show them. */
public final class WaveCommands {
  private WaveCommands() {}

  /** Approves the wave's {@code gate}. */
  public static String approve(String waveId, Gate gate) {
    return "cutover approve --wave-id " + waveId + " --gate " + gate.cliName() + " --as YOUR_NAME";
  }
}
