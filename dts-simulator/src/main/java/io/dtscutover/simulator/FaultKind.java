package io.dtscutover.simulator;

/** The ways the simulator can misbehave on purpose, each as real DTS has been seen to. */
public enum FaultKind {
  /** {@code Throttling.User}: over the API rate limit (HTTP 400 by default). */
  THROTTLING,
  /** A 5xx with {@code ServiceUnavailable} (HTTP 503 by default). */
  SERVER_ERROR,
  /** A business error with a chosen code: {@code Success:false} on HTTP 200 by default. */
  ERROR,
  /** HTTP 200 with a body that is not JSON, as a misbehaving proxy sends. */
  MALFORMED,
  /**
   * Exactly the given {@code body} with the given HTTP status: a gateway's HTML 502, a JSON answer
   * with a field DTS never sends (a string {@code Code}, a missing {@code Status}, ...).
   */
  RAW,
  /** The normal answer, but only after {@code delayMillis} of real time. */
  SLOW,
  /**
   * The call takes effect (a {@code StopDtsJob} stops the task) but its answer is lost: the
   * connection is closed without an answer, or, with {@code delayMillis}, the answer comes only
   * after that much real time (beyond the client's read timeout).
   */
  LOST_ANSWER
}
