package io.dtscutover.worker;

import java.util.List;

/**
 * The Temporal server lacks search attributes that cutovers write. The message lists the exact
 * {@code temporal operator search-attribute create} commands that fix it.
 */
public class MissingSearchAttributesException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final List<String> missing;
  private final List<String> commands;

  public MissingSearchAttributesException(List<String> missing, List<String> commands) {
    super(
        "the Temporal namespace lacks the search attribute(s) "
            + String.join(", ", missing)
            + " that cutovers need; create them with:\n  "
            + String.join("\n  ", commands));
    this.missing = List.copyOf(missing);
    this.commands = List.copyOf(commands);
  }

  /** The names of the missing attributes. */
  public List<String> missing() {
    return missing;
  }

  /** One {@code temporal operator search-attribute create} command per missing attribute. */
  public List<String> commands() {
    return commands;
  }
}
