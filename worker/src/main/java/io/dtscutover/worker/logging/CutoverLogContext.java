package io.dtscutover.worker.logging;

import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.JobRef;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.notify.CutoverNotification;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverSearchAttributes;
import io.temporal.common.SearchAttributes;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import org.slf4j.MDC;

/**
 * Puts the DTS job and region of a cutover into the logging context (MDC keys {@value #JOB_ID} and
 * {@value #REGION}) of every workflow thread and every activity it runs, next to the {@code
 * WorkflowId} the Temporal SDK already puts there. So every line a cutover logs, in the workflow or
 * in an activity, can be found by job.
 *
 * <p>Workflow threads read the job from the cutover's search attributes (set at start, so they are
 * there before the first line) or from the request; activities from their arguments. Reading the
 * MDC has no effect on the workflow, so determinism is untouched.
 */
public final class CutoverLogContext extends WorkerInterceptorBase {
  /** MDC key of the DTS job id. */
  public static final String JOB_ID = "DtsJobId";

  /** MDC key of the DTS region. */
  public static final String REGION = "DtsRegion";

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowThreads(next);
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new Activities(next);
  }

  private static void put(String jobId, String regionId) {
    if (jobId != null) {
      MDC.put(JOB_ID, jobId);
    }
    if (regionId != null) {
      MDC.put(REGION, regionId);
    }
  }

  /** Tags the current workflow thread from the workflow's search attributes. */
  private static void tagWorkflowThread() {
    SearchAttributes attributes = Workflow.getTypedSearchAttributes();
    put(
        attributes.get(CutoverSearchAttributes.JOB_ID),
        attributes.get(CutoverSearchAttributes.REGION));
  }

  private static Runnable tagged(Runnable runnable) {
    return () -> {
      tagWorkflowThread();
      runnable.run();
    };
  }

  private static final class WorkflowThreads extends WorkflowInboundCallsInterceptorBase {
    WorkflowThreads(WorkflowInboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
      super.init(new ChildThreads(outboundCalls));
    }

    @Override
    public WorkflowOutput execute(WorkflowInput input) {
      for (Object argument : input.getArguments()) {
        if (argument instanceof CutoverRequest request) {
          put(request.jobId(), request.regionId());
        }
      }
      return super.execute(input);
    }

    @Override
    public Object newWorkflowMethodThread(Runnable runnable, String name) {
      return super.newWorkflowMethodThread(tagged(runnable), name);
    }

    @Override
    public Object newCallbackThread(Runnable runnable, String name) {
      return super.newCallbackThread(tagged(runnable), name);
    }
  }

  private static final class ChildThreads extends WorkflowOutboundCallsInterceptorBase {
    ChildThreads(WorkflowOutboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public Object newChildThread(Runnable runnable, boolean detached, String name) {
      return super.newChildThread(tagged(runnable), detached, name);
    }
  }

  private static final class Activities extends ActivityInboundCallsInterceptorBase {
    Activities(ActivityInboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public ActivityOutput execute(ActivityInput input) {
      JobRef job = null;
      for (Object argument : input.getArguments()) {
        job = job != null ? job : jobOf(argument);
      }
      if (job == null) {
        return super.execute(input);
      }
      put(job.jobId(), job.regionId());
      try {
        return super.execute(input);
      } finally {
        MDC.remove(JOB_ID);
        MDC.remove(REGION);
      }
    }

    private static JobRef jobOf(Object argument) {
      if (argument instanceof JobRef job) {
        return job;
      } else if (argument instanceof AwaitRequest await) {
        return await.job();
      } else if (argument instanceof FreezeSpec spec) {
        return spec.job();
      } else if (argument instanceof FreezeReceipt receipt && receipt.spec() != null) {
        return receipt.spec().job();
      } else if (argument instanceof CutoverNotification notification) {
        return JobRef.of(notification.regionId(), notification.jobId());
      }
      return null;
    }
  }
}
