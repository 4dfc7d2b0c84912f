package io.dtscutover.worker.dts;

import io.temporal.failure.ApplicationFailure;
import java.time.Duration;

/**
 * A failed DTS call, classified: its {@link DtsFailures} type, whether a retry can help, how long
 * to wait before one, and the DTS request id. Its message never holds a credential.
 */
public final class DtsCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String type;
  private final boolean retryable;
  private final String requestId;
  private final Duration nextRetryDelay;

  public DtsCallException(
      String type, String message, boolean retryable, String requestId, Duration nextRetryDelay) {
    super(message);
    this.type = type;
    this.retryable = retryable;
    this.requestId = requestId;
    this.nextRetryDelay = nextRetryDelay;
  }

  /** A failure no retry can fix. */
  public static DtsCallException permanent(String type, String message, String requestId) {
    return new DtsCallException(type, message, false, requestId, null);
  }

  /** A failure that may pass. */
  public static DtsCallException transientFailure(String type, String message, String requestId) {
    return new DtsCallException(type, message, true, requestId, null);
  }

  /** The {@link DtsFailures} type. */
  public String type() {
    return type;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The DTS request id, or {@code null} when the call got no answer. */
  public String requestId() {
    return requestId;
  }

  /** How long to wait before retrying (throttling), or {@code null} for the retry policy's own. */
  public Duration nextRetryDelay() {
    return nextRetryDelay;
  }

  /** The Temporal failure for this exception: same type, message and retryability. */
  public ApplicationFailure toApplicationFailure() {
    ApplicationFailure.Builder builder =
        ApplicationFailure.newBuilder()
            .setMessage(getMessage())
            .setType(type)
            .setNonRetryable(!retryable);
    if (nextRetryDelay != null) {
      builder.setNextRetryDelay(nextRetryDelay);
    }
    return builder.build();
  }
}
