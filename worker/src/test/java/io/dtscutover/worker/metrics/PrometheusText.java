package io.dtscutover.worker.metrics;

import java.util.Map;
import java.util.OptionalDouble;

/** Reads one sample out of a Prometheus text exposition, by name and a subset of its labels. */
final class PrometheusText {
  private PrometheusText() {}

  /** The value of the first sample named {@code name} carrying every label in {@code labels}. */
  static OptionalDouble sample(String exposition, String name, Map<String, String> labels) {
    for (String line : exposition.lines().toList()) {
      if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
        continue;
      }
      boolean all =
          labels.entrySet().stream()
              .allMatch(l -> line.contains(l.getKey() + "=\"" + l.getValue() + "\""));
      if (all) {
        return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return OptionalDouble.empty();
  }
}
