package io.dtscutover.worker.dts;

/** Error text for heartbeats, statuses and reasons: one line, bounded in length. */
final class ErrorText {
  private static final int MAX = 300;

  private ErrorText() {}

  /** {@code text} on one line, cut after 300 characters; {@code null} stays {@code null}. */
  static String oneLine(String text) {
    if (text == null) {
      return null;
    }
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() > MAX ? line.substring(0, MAX) + "..." : line;
  }
}
