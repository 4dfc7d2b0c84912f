package io.dtscutover.guard;

/** How a freeze guard ended. */
public enum FreezeGuardOutcome {
  /** The cutover restored the source itself and said so; the guard did nothing. */
  RELEASED,
  /** The cutover claimed the point of no return in time; the source is the cutover's to keep. */
  CLAIMED,
  /** Neither happened by the budget's end plus the margin: the guard restored the source. */
  RESTORED
}
