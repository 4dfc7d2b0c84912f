package io.dtscutover.workflow;

import io.temporal.api.failure.v1.Failure;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.converter.FailureConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.DefaultFailureConverter;
import javax.annotation.Nonnull;

/**
 * The data converter of every cutover client and worker: Temporal's default JSON (the records'
 * Jackson annotations give the one spelling of gates, strategies and durations), with refusals by
 * update validators sent as {@code ApplicationFailure}s of the stable type {@link
 * CutoverFailures#REFUSED}. The worker must use it; other clients may use any converter that reads
 * JSON.
 */
public final class CutoverDataConverter {
  /**
   * The one instance: set it on every {@code WorkflowClientOptions} that runs or starts a cutover.
   */
  public static final DataConverter INSTANCE =
      DefaultDataConverter.newDefaultInstance().withFailureConverter(new RefusalsAsFailures());

  private CutoverDataConverter() {}

  /** Maps {@link CutoverRefusal} to its stable failure type; everything else as the default. */
  private static final class RefusalsAsFailures implements FailureConverter {
    private final DefaultFailureConverter standard = new DefaultFailureConverter();

    @Override
    public RuntimeException failureToException(
        @Nonnull Failure failure, @Nonnull DataConverter dataConverter) {
      return standard.failureToException(failure, dataConverter);
    }

    @Override
    public Failure exceptionToFailure(
        @Nonnull Throwable throwable, @Nonnull DataConverter dataConverter) {
      if (throwable instanceof CutoverRefusal refusal) {
        ApplicationFailure failure =
            ApplicationFailure.newNonRetryableFailure(
                refusal.getMessage(), CutoverFailures.REFUSED);
        failure.setStackTrace(new StackTraceElement[0]);
        return standard.exceptionToFailure(failure, dataConverter);
      }
      return standard.exceptionToFailure(throwable, dataConverter);
    }
  }
}
