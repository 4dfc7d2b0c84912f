package io.dtscutover.workflow;

/**
 * The stable {@code ApplicationFailure} types a client of the cutover workflow sees. Match on the
 * type, never on the message: messages are for people and may change.
 */
public final class CutoverFailures {
  /**
   * The workflow failed in its first task because its request could not be read or is invalid; the
   * message names each field at fault and what it accepts. Nothing was touched.
   */
  public static final String INVALID_REQUEST = "InvalidCutoverRequest";

  /**
   * An update was refused by its validator (wrong gate, approver not allowed, too late to abort,
   * ...); the message says why. Nothing was recorded in the workflow's history.
   */
  public static final String REFUSED = "CutoverRefused";

  private CutoverFailures() {}
}
