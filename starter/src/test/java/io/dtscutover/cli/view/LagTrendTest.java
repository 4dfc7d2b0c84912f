package io.dtscutover.cli.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LagTrendTest {
  @Test
  void scalesToTheLargestReadingAndSkipsUnknownOnes() {
    LagTrend trend = new LagTrend();
    assertEquals("", trend.sparkline());
    trend.add(1400L);
    trend.add(null);
    trend.add(700L);
    trend.add(0L);
    assertEquals("█▅▁", trend.sparkline());
  }

  @Test
  void keepsOnlyTheLatestTwentyReadings() {
    LagTrend trend = new LagTrend();
    trend.add(10_000L);
    for (int i = 0; i < 20; i++) {
      trend.add(0L);
    }
    assertEquals("▁".repeat(20), trend.sparkline());
  }
}
