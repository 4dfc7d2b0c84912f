package io.dtscutover.dts;

/**
 * What a held quiet window queued for, so that the timeline says which limit kept the source frozen
 * longer: DTS's budget in the task's region, or the worker's own cap on finishes in flight.
 */
public enum StopQueueCause {
  /** The region's DTS budget for the final reading and {@code StopDtsJob} had no room. */
  REGION_BUDGET,
  /**
   * The worker process already had as many admitted windows on their way to {@code StopDtsJob} as
   * its finish cap allows ({@code DTS_FINISH_CAP}), across all regions, or the Temporal server was
   * behind on the worker's workflow tasks, when the cap lets no window go.
   */
  WORKER_FINISH_CAP
}
