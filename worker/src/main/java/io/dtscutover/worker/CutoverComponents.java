package io.dtscutover.worker;

import io.dtscutover.dts.DtsActivitiesImpl;
import io.dtscutover.freeze.WriteFreezeActivitiesImpl;
import io.dtscutover.workflow.CutoverWorkflowImpl;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;

/**
 * The production wiring of a worker: the cutover workflow, the DTS activities configured from
 * {@code DTS_ENDPOINT} and the {@code ALIBABA_CLOUD_*} variables, and the write-freeze activities
 * configured from the worker's freeze targets ({@code CUTOVER_TARGET_*}, {@code
 * CUTOVER_TARGETS_FILE}). Secrets stay in the worker's environment, never in a request.
 */
public final class CutoverComponents {
  private CutoverComponents() {}

  /**
   * Everything a worker runs, configured from {@code environment}.
   *
   * @throws IllegalStateException naming the variable to fix, when the DTS credentials or the
   *     freeze targets are missing or unreadable
   */
  public static CutoverWorker.Components fromEnvironment(Map<String, String> environment) {
    try {
      return new CutoverWorker.Components(
          List.of(CutoverWorkflowImpl.class),
          DtsActivitiesImpl.fromEnvironment(environment),
          WriteFreezeActivitiesImpl.fromEnvironment(environment),
          new NoNotifications());
    } catch (RuntimeException e) {
      // The adapters say what to set; their exception types are theirs (some are activity
      // failures), so a caller starting a worker gets one type to handle.
      String message =
          e instanceof ApplicationFailure failure ? failure.getOriginalMessage() : e.getMessage();
      throw new IllegalStateException(message, e);
    }
  }
}
