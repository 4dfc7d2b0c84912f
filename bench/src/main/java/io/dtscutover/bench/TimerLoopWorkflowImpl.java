package io.dtscutover.bench;

import io.temporal.workflow.Workflow;
import java.time.Duration;

/** {@link TimerLoopWorkflow}: one timer per poll. */
public final class TimerLoopWorkflowImpl implements TimerLoopWorkflow {
  @Override
  public void loop(int polls, Duration interval) {
    for (int i = 0; i < polls; i++) {
      Workflow.sleep(interval);
    }
  }
}
