package io.dtscutover.worker.freeze;

/**
 * A password held in memory only. {@link #toString} never shows it, so a secret that slips into a
 * log line, an exception message or a record's {@code toString} prints as {@code <redacted>}.
 */
final class Secret {
  private final String value;

  Secret(String value) {
    this.value = value;
  }

  /** The password itself; hand it to a driver and nowhere else. */
  String reveal() {
    return value;
  }

  /** Replaces every occurrence of this secret in {@code text}, for messages built from drivers. */
  String scrub(String text) {
    if (text == null || value == null || value.isEmpty()) {
      return text;
    }
    return text.replace(value, "<redacted>");
  }

  @Override
  public String toString() {
    return "<redacted>";
  }
}
