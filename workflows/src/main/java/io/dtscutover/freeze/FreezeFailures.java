package io.dtscutover.freeze;

import java.util.List;

/** The {@code ApplicationFailure} types that write-freeze activities raise. */
public final class FreezeFailures {
  /** The request names a target the worker has no configuration for. */
  public static final String TARGET_UNKNOWN = "FreezeTargetUnknown";

  /** The target's configuration is incomplete; the message names the variable to set. */
  public static final String CONFIGURATION = "FreezeConfiguration";

  /** The database refused the configured credentials. */
  public static final String AUTH_FAILED = "FreezeAuthFailed";

  /** After freezing, the freeze was found not to hold (a write succeeded, a session remained). */
  public static final String NOT_HELD = "FreezeNotHeld";

  /** Writes reached the source while it was frozen. */
  public static final String BREACHED = "FreezeBreached";

  /** The strategy does not fit the target (for example a MySQL strategy on PostgreSQL). */
  public static final String UNSUPPORTED = "FreezeUnsupported";

  /** Failure types no retry can fix. */
  public static final List<String> NON_RETRYABLE =
      List.of(TARGET_UNKNOWN, CONFIGURATION, AUTH_FAILED, NOT_HELD, BREACHED, UNSUPPORTED);

  private FreezeFailures() {}
}
