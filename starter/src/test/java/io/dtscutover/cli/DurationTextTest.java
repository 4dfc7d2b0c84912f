package io.dtscutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The two ways the CLI writes a duration: re-typable ({@link DurationText}) and for reading. */
class DurationTextTest {
  @Test
  void theCommandLineFormKeepsEveryPartAndMilliseconds() {
    assertEquals("0s", DurationText.of(Duration.ZERO));
    assertEquals("1m30s", DurationText.of(Duration.ofSeconds(90)));
    assertEquals("1d2h3m4s", DurationText.of(Duration.parse("P1DT2H3M4S")));
    assertEquals("2s500ms", DurationText.of(Duration.ofMillis(2500)));
    assertEquals("2h", DurationText.of(Duration.ofHours(2)));
  }

  @Test
  void theReadingFormShowsSecondsWithAFractionAndASign() {
    assertEquals("-", DurationConverter.format(null));
    assertEquals("500ms", DurationConverter.format(Duration.ofMillis(500)));
    assertEquals("2.5s", DurationConverter.format(Duration.ofMillis(2500)));
    assertEquals("1m30s", DurationConverter.format(Duration.ofSeconds(90)));
    assertEquals("1m", DurationConverter.format(Duration.ofMinutes(1)));
    assertEquals("1d2h3m4s", DurationConverter.format(Duration.parse("P1DT2H3M4S")));
    assertEquals("1d", DurationConverter.format(Duration.ofDays(1)));
    assertEquals("-1m5s", DurationConverter.format(Duration.ofSeconds(-65)));
  }
}
