package io.dtscutover.workflow;

/**
 * One thing wrong with a {@link CutoverRequest}.
 *
 * @param field the request field at fault, for example {@code maxLagBeforeFreeze}
 * @param message what is wrong and how to fix it
 */
public record RequestProblem(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
