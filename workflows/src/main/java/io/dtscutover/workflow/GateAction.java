package io.dtscutover.workflow;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dtscutover.approval.Gate;

/**
 * The input of {@code approve} and {@code reject} (and their signals): {@code {"gate": "freeze",
 * "by": "bob", "comment": "..."}}. One object, so fields can be added without breaking callers.
 *
 * @param gate the gate the person decides: {@code freeze}, {@code stop} or {@code delete}
 * @param by who decides; checked against the request's approval policy
 * @param comment recorded with the decision; optional
 * @param reason for {@code reject}, the same as {@code comment} (either may be used; {@code
 *     comment} wins when both are given)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateAction(Gate gate, String by, String comment, String reason) {
  /** From JSON: the gate in any accepted spelling; an unknown one reads as {@code null}. */
  @JsonCreator
  static GateAction fromJson(
      @JsonProperty("gate") String gate,
      @JsonProperty("by") String by,
      @JsonProperty("comment") String comment,
      @JsonProperty("reason") String reason) {
    Gate known;
    try {
      known = gate == null ? null : Gate.fromCliName(gate);
    } catch (IllegalArgumentException unknown) {
      known = null;
    }
    return new GateAction(known, by, comment, reason);
  }

  /** An action with a comment only. */
  public static GateAction of(Gate gate, String by, String comment) {
    return new GateAction(gate, by, comment, null);
  }

  /** The text recorded with the decision: the comment, else the reason, else empty. */
  public String text() {
    if (comment != null && !comment.isBlank()) {
      return comment;
    }
    return reason == null ? "" : reason;
  }
}
