package io.dtscutover.worker.metrics;

import io.temporal.serviceclient.MetricsTag;
import java.util.Set;

/**
 * Takes the Temporal SDK's label padding out of a Prometheus text exposition. The SDK tags every
 * metric it records (its own, and the workflow's {@code Workflow.getMetricsScope()}) with all of
 * its tag keys, {@value MetricsTag#DEFAULT_VALUE} where a key has no value, because Micrometer
 * refuses meters of one name with different tag keys. Those labels say nothing and were most of a
 * scrape, so a sample's label of one of the SDK's keys with the value {@value
 * MetricsTag#DEFAULT_VALUE} is left out. In PromQL a missing label reads as an empty one, so every
 * query groups and filters as before; other labels, and comment lines, are kept as they are.
 */
final class UnpaddedExposition {
  /** The keys the SDK pads. */
  private static final Set<String> PADDED_KEYS = MetricsTag.defaultTags("default").keySet();

  private static final String PADDING = "\"" + MetricsTag.DEFAULT_VALUE + "\"";

  private UnpaddedExposition() {}

  /** {@code exposition} (Prometheus text format 0.0.4) without the SDK's padded labels. */
  static String of(String exposition) {
    StringBuilder out = new StringBuilder(exposition.length());
    int from = 0;
    while (from < exposition.length()) {
      int end = exposition.indexOf('\n', from);
      end = end < 0 ? exposition.length() : end + 1;
      String line = exposition.substring(from, end);
      out.append(line.startsWith("#") ? line : sample(line));
      from = end;
    }
    return out.toString();
  }

  /**
   * One sample line {@code name{k="v",...} value}, its padded labels left out; a line it cannot
   * read is kept as it is.
   */
  private static String sample(String line) {
    int open = line.indexOf('{');
    if (open < 0 || !line.contains(PADDING)) {
      return line;
    }
    StringBuilder out = new StringBuilder(line.length()).append(line, 0, open);
    StringBuilder labels = new StringBuilder();
    int at = open + 1;
    while (at < line.length() && line.charAt(at) != '}') {
      int equals = line.indexOf('=', at);
      if (equals < 0 || equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
        return line;
      }
      int close = closingQuote(line, equals + 1);
      if (close >= line.length()) {
        return line;
      }
      String key = line.substring(at, equals);
      String value = line.substring(equals + 1, close + 1);
      if (!(PADDED_KEYS.contains(key) && value.equals(PADDING))) {
        labels.append(labels.length() == 0 ? "" : ",").append(key).append('=').append(value);
      }
      at = close + 1;
      if (at < line.length() && line.charAt(at) == ',') {
        at++;
      }
    }
    if (labels.length() > 0) {
      out.append('{').append(labels).append('}');
    }
    if (at >= line.length()) {
      return line;
    }
    return out.append(line, at + 1, line.length()).toString();
  }

  /**
   * The index of the quote that ends the quoted value opening at {@code openQuote}, or the line's
   * length when it has none.
   */
  private static int closingQuote(String line, int openQuote) {
    for (int i = openQuote + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i;
      }
    }
    return line.length();
  }
}
