package io.dtscutover.dts;

import java.util.List;

/**
 * The {@code ApplicationFailure} types that DTS activities raise. The workflow's retry policies
 * name the non-retryable ones, so a failure is retried or not by what it is, not by luck.
 */
public final class DtsFailures {
  /** No such job in that region (or it was released). */
  public static final String JOB_NOT_FOUND = "DtsJobNotFound";

  /** The credentials lack a RAM permission, or were refused. */
  public static final String PERMISSION_DENIED = "DtsPermissionDenied";

  /** DTS rejected a parameter; the message names it. */
  public static final String INVALID_PARAMETER = "DtsInvalidParameter";

  /** The worker is not configured to call DTS (missing credentials, bad endpoint). */
  public static final String CONFIGURATION = "DtsConfiguration";

  /** While waiting, the job went into a state that waiting cannot fix (failed, paused, unknown). */
  public static final String JOB_STATE_UNSAFE = "DtsJobStateUnsafe";

  /** A subscription (PrePaid) instance cannot be released through the API. */
  public static final String CANNOT_RELEASE_PREPAID = "DtsCannotReleasePrePaid";

  /** Throttled by DTS: retried with backoff. */
  public static final String THROTTLED = "DtsThrottled";

  /** A 5xx, transport or other passing failure: retried. */
  public static final String TRANSIENT = "DtsTransient";

  /**
   * DTS answered something that cannot be true, such as a {@code Delay} that is negative, not a
   * whole number, or overflows on unit conversion. Never read as low or zero; retried, since the
   * next answer may be sound. The message carries the HTTP status or DTS code and a short
   * single-line excerpt of the answer.
   */
  public static final String UNREADABLE = "DtsUnreadableAnswer";

  /** Failure types no retry can fix. */
  public static final List<String> NON_RETRYABLE =
      List.of(
          JOB_NOT_FOUND,
          PERMISSION_DENIED,
          INVALID_PARAMETER,
          CONFIGURATION,
          JOB_STATE_UNSAFE,
          CANNOT_RELEASE_PREPAID);

  private DtsFailures() {}
}
