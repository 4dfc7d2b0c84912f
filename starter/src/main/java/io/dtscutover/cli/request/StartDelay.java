package io.dtscutover.cli.request;

import io.dtscutover.cli.CliFailure;
import java.time.Duration;
import java.time.Instant;

/** How long Temporal should hold a cutover started with {@code --at}. */
final class StartDelay {
  private StartDelay() {}

  /**
   * The delay from {@code now} until {@code at}.
   *
   * @throws CliFailure (usage) when {@code at} is not in the future
   */
  static Duration until(Instant at, Instant now) {
    Duration delay = Duration.between(now, at);
    if (delay.isNegative() || delay.isZero()) {
      throw CliFailure.usage(
          "--at "
              + at
              + " is not in the future (now is "
              + now
              + "): give a later instant, or leave --at out to start now");
    }
    return delay;
  }
}
