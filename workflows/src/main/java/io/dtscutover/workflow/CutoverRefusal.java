package io.dtscutover.workflow;

/**
 * Thrown by an update validator to refuse an action; {@link CutoverDataConverter} sends it to the
 * caller as an {@code ApplicationFailure} of type {@link CutoverFailures#REFUSED} with this
 * message. (An {@code ApplicationFailure} thrown by a validator would reach the caller under an SDK
 * internal type instead.)
 */
final class CutoverRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CutoverRefusal(String message) {
    super(message, null, false, false);
  }
}
