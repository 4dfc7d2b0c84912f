package io.dtscutover.worker;

import io.dtscutover.guard.FreezeGuardWorkflowImpl;
import io.dtscutover.wave.ScheduledWaveWorkflowImpl;
import io.dtscutover.wave.WaveWorkflowImpl;
import io.dtscutover.worker.dts.AlibabaDtsClient;
import io.dtscutover.worker.dts.DtsActivitiesImpl;
import io.dtscutover.worker.dts.DtsCallObserver;
import io.dtscutover.worker.dts.DtsClient;
import io.dtscutover.worker.dts.DtsSettings;
import io.dtscutover.worker.freeze.MarkerActivitiesImpl;
import io.dtscutover.worker.freeze.WriteFreezeActivitiesImpl;
import io.dtscutover.worker.metrics.DtsCallMetrics;
import io.dtscutover.worker.notify.NotificationActivitiesImpl;
import io.dtscutover.workflow.CutoverWorkflowImpl;
import io.dtscutover.workflow.ScheduledCutoverWorkflowImpl;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;

/**
 * The production wiring of a worker: the cutover workflow and its freeze guard, the DTS activities
 * configured from {@code DTS_ENDPOINT} and the {@code ALIBABA_CLOUD_*} variables, the write-freeze
 * activities configured from the worker's freeze targets ({@code CUTOVER_TARGET_*}, {@code
 * CUTOVER_TARGETS_FILE}), and webhook notifications ({@code CUTOVER_WEBHOOK_URL}, none when unset).
 * Secrets stay in the worker's environment, never in a request.
 */
public final class CutoverComponents {
  private CutoverComponents() {}

  /**
   * Everything a worker runs, configured from {@code environment}, without DTS call metrics.
   *
   * @throws IllegalStateException naming the variable to fix
   */
  public static CutoverWorker.Components fromEnvironment(Map<String, String> environment) {
    return fromEnvironment(environment, null);
  }

  /**
   * Everything a worker runs, configured from {@code environment}; every DTS call is counted in
   * {@code dtsCalls} when it is given.
   *
   * @throws IllegalStateException naming the variable to fix, when the DTS credentials, the freeze
   *     targets or the webhook URL are missing, unreadable or unusable
   */
  public static CutoverWorker.Components fromEnvironment(
      Map<String, String> environment, DtsCallMetrics dtsCalls) {
    try {
      DtsClient dts =
          new AlibabaDtsClient(
              DtsSettings.fromEnvironment(environment),
              dtsCalls == null ? DtsCallObserver.NONE : dtsCalls);
      return new CutoverWorker.Components(
          List.of(
              CutoverWorkflowImpl.class,
              ScheduledCutoverWorkflowImpl.class,
              FreezeGuardWorkflowImpl.class,
              WaveWorkflowImpl.class,
              ScheduledWaveWorkflowImpl.class),
          new DtsActivitiesImpl(dts),
          WriteFreezeActivitiesImpl.fromEnvironment(environment),
          NotificationActivitiesImpl.fromEnvironment(environment),
          MarkerActivitiesImpl.fromEnvironment(environment),
          dtsCalls == null ? DtsCallObserver.NONE : dtsCalls);
    } catch (RuntimeException e) {
      // The adapters say what to set; their exception types are theirs (some are activity
      // failures), so a caller starting a worker gets one type to handle.
      String message =
          e instanceof ApplicationFailure failure ? failure.getOriginalMessage() : e.getMessage();
      throw new IllegalStateException(message, e);
    }
  }
}
