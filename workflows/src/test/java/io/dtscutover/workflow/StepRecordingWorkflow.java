package io.dtscutover.workflow;

import io.dtscutover.approval.Gate;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The cutover workflow with its runbook's walk recorded, by workflow id: every step in order and,
 * when the steps are a dry run's plan, the sentences that step added to it.
 */
public class StepRecordingWorkflow extends CutoverWorkflowImpl {
  /**
   * One step walked.
   *
   * @param step the step's method, with its gate or moment: {@code requireGate freeze}
   * @param planned the sentences the step added to a dry run's plan; {@code null} in a real run
   */
  record Step(String step, List<String> planned) {}

  /** The walks so far, by workflow id. */
  static final Map<String, List<Step>> WALKS = new ConcurrentHashMap<>();

  @WorkflowInit
  public StepRecordingWorkflow(CutoverRequest request) {
    super(request);
  }

  @Override
  RunbookSteps walking(RunbookSteps steps) {
    // A list of this instance's own: a run replayed on a new instance (after a workflow task
    // failed, say) walks again from the start and replaces it, so no step is counted twice.
    List<Step> walk = new CopyOnWriteArrayList<>();
    WALKS.put(Workflow.getInfo().getWorkflowId(), walk);
    RunbookPlan plan = steps instanceof RunbookPlan planned ? planned : null;
    return (RunbookSteps)
        Proxy.newProxyInstance(
            RunbookSteps.class.getClassLoader(),
            new Class<?>[] {RunbookSteps.class},
            (proxy, method, args) -> {
              int before = plan == null ? 0 : plan.sentences().size();
              Object result;
              try {
                result = method.invoke(steps, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              walk.add(
                  new Step(
                      name(method.getName(), args),
                      plan == null
                          ? null
                          : plan.sentences().subList(before, plan.sentences().size())));
              return result;
            });
  }

  private static String name(String method, Object[] args) {
    StringBuilder name = new StringBuilder(method);
    for (Object arg : args == null ? new Object[0] : args) {
      if (arg instanceof Gate gate) {
        name.append(' ').append(gate.cliName());
      } else if (arg instanceof String moment && !method.equals("complete")) {
        name.append(' ').append(moment);
      }
    }
    return name.toString();
  }
}
