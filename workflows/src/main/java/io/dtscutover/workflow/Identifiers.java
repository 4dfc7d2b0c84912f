package io.dtscutover.workflow;

import java.util.regex.Pattern;

/**
 * The one spelling of the names and ids people and tools pass in: a DTS job or instance id, a
 * region, and a person's (or target's) name. Every place input enters checks it here (the CLI's
 * flags, the request, the inputs of updates and signals), so no name can carry a newline or an
 * escape sequence into an error, the timeline, the history or a log line. Problems quote the value
 * with {@link Quoted#of}, never echo it raw.
 */
public final class Identifiers {
  /** A person or a freeze target: {@code alice}, {@code bob@example.com}, {@code orders-db}. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}");

  /** A DTS job or instance id: {@code dtsabc123}. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  /** A region id: {@code cn-hangzhou}. */
  public static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");

  /** What a valid name looks like, for messages. */
  public static final String NAME_RULE =
      "letters, digits and _ . @ + - (starting with a letter or digit, up to 128), like alice";

  /** What a valid id looks like, for messages. */
  public static final String ID_RULE =
      "letters, digits and _ . - (starting with a letter or digit, up to 128), like dtsabc123";

  private Identifiers() {}

  /** True when {@code value} is a valid name. */
  public static boolean isName(String value) {
    return value != null && NAME.matcher(value).matches();
  }

  /** True when {@code value} is a valid id. */
  public static boolean isId(String value) {
    return value != null && ID.matcher(value).matches();
  }

  /** True when {@code value} is a valid region id. */
  public static boolean isRegion(String value) {
    return value != null && REGION.matcher(value).matches();
  }

  /**
   * Why {@code value} is not a valid name for {@code what} (for example {@code "approver name"}),
   * or {@code null} when it is.
   */
  public static String nameProblem(String what, String value) {
    if (isName(value)) {
      return null;
    }
    return value == null || value.isBlank()
        ? what + " is required: " + NAME_RULE
        : "not a valid " + what + ": " + Quoted.of(value) + "; use " + NAME_RULE;
  }

  /** Why {@code value} is not a valid id for {@code what}, or {@code null} when it is. */
  public static String idProblem(String what, String value) {
    if (isId(value)) {
      return null;
    }
    return value == null || value.isBlank()
        ? what + " is required: " + ID_RULE
        : "not a valid " + what + ": " + Quoted.of(value) + "; use " + ID_RULE;
  }

  /** Why {@code value} is not a valid region id, or {@code null} when it is. */
  public static String regionProblem(String value) {
    if (isRegion(value)) {
      return null;
    }
    return "a region id like cn-hangzhou is required (got " + Quoted.of(value) + ")";
  }
}
