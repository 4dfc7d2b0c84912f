package io.dtscutover.worker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsSettingsTest {
  @Test
  void defaultsTo9464() {
    assertEquals(new MetricsSettings(9464, true), MetricsSettings.fromEnvironment(Map.of()));
  }

  @Test
  void readsAPortOrOff() {
    assertEquals(
        new MetricsSettings(9100, true),
        MetricsSettings.fromEnvironment(Map.of("CUTOVER_METRICS_PORT", " 9100 ")));
    assertEquals(
        new MetricsSettings(0, false),
        MetricsSettings.fromEnvironment(Map.of("CUTOVER_METRICS_PORT", "OFF")));
  }

  @Test
  void refusesWhatIsNotAPort() {
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> MetricsSettings.fromEnvironment(Map.of("CUTOVER_METRICS_PORT", "70000")));
    assertEquals(
        "CUTOVER_METRICS_PORT must be a TCP port from 0 to 65535, or off (got '70000'); the"
            + " default is 9464",
        refused.getMessage());
  }

  @Test
  void aTakenPortIsExplained() {
    try (WorkerMetrics metrics = WorkerMetrics.create();
        MetricsServer first = MetricsServer.start(0, metrics, () -> true)) {
      IllegalStateException refused =
          assertThrows(
              IllegalStateException.class,
              () -> MetricsServer.start(first.port(), metrics, () -> true));
      assertEquals(
          true,
          refused.getMessage().startsWith("cannot serve metrics on port " + first.port())
              && refused
                  .getMessage()
                  .endsWith("set CUTOVER_METRICS_PORT to a free port, or to off"),
          refused.getMessage());
    }
  }
}
