package io.dtscutover.worker.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The SDK's "none" padding leaves a scrape; every other label and line stays as it was. */
class UnpaddedExpositionTest {

  @Test
  void paddedLabelsOfTheSdksKeysAreLeftOutWhereverTheyStand() {
    String scrape =
        "# HELP temporal_request_total none of this changes\n"
            + "# TYPE temporal_request_total counter\n"
            + "temporal_request_total{activity_type=\"none\",namespace=\"default\","
            + "operation=\"none\",task_queue=\"q\",worker_type=\"none\"} 3.0\n"
            + "temporal_sticky_cache_size{namespace=\"none\",worker_type=\"none\"} 0.0\n"
            + "temporal_num_pollers 2.0\n";

    assertEquals(
        "# HELP temporal_request_total none of this changes\n"
            + "# TYPE temporal_request_total counter\n"
            + "temporal_request_total{namespace=\"default\",task_queue=\"q\"} 3.0\n"
            + "temporal_sticky_cache_size 0.0\n"
            + "temporal_num_pollers 2.0\n",
        UnpaddedExposition.of(scrape));
  }

  @Test
  void otherLabelsAndValuesThatOnlyLookLikePaddingAreKept() {
    String scrape =
        "cutover_dts_calls_total{action=\"none\",result=\"Success\"} 1.0\n"
            + "cutover_outcomes_total{outcome=\"a,operation=\\\"none\\\"}\","
            + "workflow_type=\"nonetheless\"} 1.0\n"
            + "cutover_phase_duration_seconds_bucket{phase=\"PREFLIGHT\",le=\"0.1\"} 1";

    assertEquals(scrape, UnpaddedExposition.of(scrape));
  }
}
