package io.dtscutover.bench;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * The benchmark's baseline: a bare Temporal workflow that sleeps {@code polls} times for {@code
 * interval}, nothing else. The least any polling workflow costs a worker.
 */
@WorkflowInterface
public interface TimerLoopWorkflow {
  @WorkflowMethod
  void loop(int polls, Duration interval);
}
