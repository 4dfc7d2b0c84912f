package io.dtscutover.cli.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.AwaitProgress;
import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.StopQueueWait;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What {@code status} and {@code watch} say while the await's latest DTS reading failed. */
class ReadingErrorTest {
  private static final Instant GOOD = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant FAILED = Instant.parse("2026-01-01T00:00:05Z");

  private static JobSnapshot good() {
    return new JobSnapshot(
        JobRef.of("cn-hangzhou", "j1"),
        "j1",
        JobStatus.MIGRATING,
        "Migrating",
        true,
        true,
        IncrementalStatus.CATCHED,
        "Catched",
        FullLoadStatus.ABSENT,
        null,
        0L,
        "PostPaid",
        null,
        "r1",
        GOOD);
  }

  @Test
  void aFailedLatestReadingIsShownWithItsErrorAndTheLastGoodReadingIsMarkedStale() {
    String line =
        CutoverProgress.readingError(
            new AwaitProgress(
                null,
                good(),
                7,
                2,
                3,
                "DescribeDtsJobDetail for j1: DTS answered a reading that cannot be true (HTTP"
                    + " 200, Delay=-1)",
                FAILED));

    assertTrue(line.contains("HTTP 200, Delay=-1"), line);
    assertTrue(line.contains(FAILED.toString()), line);
    assertTrue(line.contains("3 failed so far, hold restarted 2 times"), line);
    assertTrue(line.contains("last good reading " + GOOD + ", not fresh"), line);
    assertEquals(-1, line.indexOf('\n'));
  }

  @Test
  void aHeldWindowWaitingForTheStopBudgetSaysSinceWhenAndHowManyAreAhead() {
    String line =
        CutoverProgress.readingError(
            new AwaitProgress(
                GOOD,
                good(),
                20,
                0,
                0,
                null,
                null,
                Duration.ofSeconds(1),
                new StopQueueWait(FAILED, Duration.ofSeconds(12), 37)));

    assertTrue(line.contains("quiet window held from " + FAILED), line);
    assertTrue(line.contains("for the region's stop budget, 37 ahead"), line);
    assertEquals(-1, line.indexOf('\n'));
  }

  @Test
  void aGoodLatestReadingShowsNoError() {
    assertNull(CutoverProgress.readingError(AwaitProgress.of(GOOD, good(), 7)));
    assertNull(CutoverProgress.readingError(null));
  }
}
