package io.dtscutover.workflow;

import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.failure.ChildWorkflowFailure;
import java.util.function.Supplier;

/**
 * What a scheduled run does with the child it starts (a cutover or a wave): it returns the child's
 * report, and when a child with that workflow id is already live it changes nothing and returns the
 * "skipped" report instead. Any other failure of the child is the run's own.
 */
public final class ScheduledRun {
  private ScheduledRun() {}

  /**
   * Runs {@code child} (a call on a child workflow stub, from workflow code only); {@code skipped}
   * when the child's workflow id is already running.
   */
  public static <R> R runOrSkip(Supplier<R> child, Supplier<R> skipped) {
    try {
      return child.get();
    } catch (ChildWorkflowFailure failure) {
      if (!(failure.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
        throw failure;
      }
      return skipped.get();
    }
  }
}
