package io.dtscutover.worker;

import io.dtscutover.workflow.CutoverWorkflowImpl;
import java.util.List;
import java.util.Map;

/**
 * The production wiring of a worker: the cutover workflow, the DTS activities configured from
 * {@code DTS_ENDPOINT} and the {@code ALIBABA_CLOUD_*} variables, and the write-freeze activities
 * configured from the worker's freeze targets. Secrets stay in the worker's environment.
 */
public final class CutoverComponents {
  private CutoverComponents() {}

  /** Everything a worker runs, configured from {@code environment}. */
  public static CutoverWorker.Components fromEnvironment(Map<String, String> environment) {
    // Wired to DtsActivitiesImpl and WriteFreezeActivitiesImpl when their branches land on main.
    throw new IllegalStateException(
        "the DTS and write-freeze activities are not wired yet ("
            + List.of(CutoverWorkflowImpl.class.getSimpleName())
            + " only)");
  }
}
