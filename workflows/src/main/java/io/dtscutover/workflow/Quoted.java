package io.dtscutover.workflow;

/**
 * Input as it may be shown: on one line, with every control character escaped. A newline in a name
 * must not forge a line of an error, the timeline or a log; an escape sequence must not reach the
 * terminal. Use {@link #of} for a value quoted inside a message and {@link #oneLine} for free text
 * (a comment, a reason) placed on a line of its own.
 */
public final class Quoted {
  /** Values quoted in messages are cut after this many characters. */
  static final int MAX_QUOTED = 80;

  private Quoted() {}

  /**
   * {@code value} in double quotes, control characters, quotes and backslashes escaped, cut after
   * {@value #MAX_QUOTED} characters; {@code null} reads {@code null}.
   */
  public static String of(String value) {
    if (value == null) {
      return "null";
    }
    String cut = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) : value;
    StringBuilder text = new StringBuilder("\"");
    appendEscaped(text, cut, true);
    text.append('"');
    if (cut.length() < value.length()) {
      text.append("...");
    }
    return text.toString();
  }

  /**
   * {@code text} with every control character escaped ({@code \n}, {@code \r}, {@code \t}, others
   * as {@code \}{@code u001b}), so it stays on one line; {@code null} stays {@code null}.
   */
  public static String oneLine(String text) {
    if (text == null) {
      return null;
    }
    if (text.chars().noneMatch(Quoted::isControl)) {
      return text;
    }
    StringBuilder escaped = new StringBuilder();
    appendEscaped(escaped, text, false);
    return escaped.toString();
  }

  private static void appendEscaped(StringBuilder out, String text, boolean quoting) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '"' -> out.append(quoting ? "\\\"" : "\"");
        case '\\' -> out.append(quoting ? "\\\\" : "\\");
        default -> {
          if (isControl(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
  }

  /** C0, DEL, C1 and the Unicode line and paragraph separators. */
  private static boolean isControl(int c) {
    return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
  }
}
