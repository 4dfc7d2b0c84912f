package io.dtscutover.dts;

import java.util.List;

/**
 * The {@code ApplicationFailure} types that DTS activities raise. The workflow's retry policies
 * name the non-retryable ones, so a failure is retried or not by what it is, not by luck.
 *
 * <p>What a failure of {@code stopJob} means for the point of no return:
 *
 * <ul>
 *   <li>{@link #STOP_OUTCOME_UNKNOWN}: {@code StopDtsJob} was sent and its outcome is unknown (no
 *       answer, a timeout, a transport error, a 5xx or an unreadable answer after sending; or an
 *       {@code OperationDenied} on the task's state while the task still reads stoppable, which is
 *       what DTS answers a copy of a stop whose first answer was lost). The task may be stopping:
 *       treat it as past the point of no return and wait for it to read {@code Finished}. The first
 *       kind is retryable (a retry re-reads the task first and succeeds with {@code alreadyDone}
 *       when it reads Stopping or Finished); the {@code OperationDenied} kind is not.
 *   <li>any other type: DTS did not act on the attempt. Non-retryable types ({@link
 *       #PERMISSION_DENIED} such as {@code Forbidden.RAM}, {@link #INVALID_PARAMETER}, {@link
 *       #JOB_STATE_UNSAFE} for {@code OperationDenied} while the task reads a state DTS does not
 *       stop (full load, Locked), {@link #JOB_NOT_FOUND}, {@link #CONFIGURATION}) are a definitive
 *       refusal of the stop on a first attempt: still before the point of no return. {@link
 *       #THROTTLED}, {@link #TRANSIENT} and {@link #UNREADABLE} come from before anything was sent
 *       (the re-read, a refused connection, throttling).
 * </ul>
 */
public final class DtsFailures {
  /** No such job in that region (or it was released). */
  public static final String JOB_NOT_FOUND = "DtsJobNotFound";

  /** The credentials lack a RAM permission, or were refused. */
  public static final String PERMISSION_DENIED = "DtsPermissionDenied";

  /** DTS rejected a parameter; the message names it. */
  public static final String INVALID_PARAMETER = "DtsInvalidParameter";

  /**
   * DTS said the STS token expired ({@code InvalidSecurityToken.Expired}) and re-reading the
   * credentials gave no newer token yet. Retryable: the worker re-reads its credentials on every
   * expiry, so a refreshed token is used as soon as it is there.
   */
  public static final String CREDENTIALS_EXPIRED = "DtsCredentialsExpired";

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

  /**
   * {@code StopDtsJob} was sent but whether it took effect is unknown; see the class comment. Past
   * the point of no return.
   */
  public static final String STOP_OUTCOME_UNKNOWN = "DtsStopOutcomeUnknown";

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
