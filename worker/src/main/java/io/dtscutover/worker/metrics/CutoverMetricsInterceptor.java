package io.dtscutover.worker.metrics;

import com.uber.m3.tally.Scope;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverSearchAttributes;
import io.dtscutover.workflow.CutoverWorkflowImpl;
import io.dtscutover.workflow.Phase;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Records what cutovers do, from the worker, without touching the workflow code: outcomes (from the
 * report the workflow returns), time in each phase and time frozen (from the {@code CutoverPhase}
 * search attribute the workflow sets at start and upserts whenever it waits in a new phase, timed
 * with workflow time; a phase passed through without waiting takes no time and is not counted).
 *
 * <p>Everything goes through {@code Workflow.getMetricsScope()}, which records nothing while a
 * workflow replays: a cutover is counted once however often its history is replayed, and this
 * interceptor does no I/O of its own.
 *
 * <p>Prometheus (tags {@code namespace}, {@code task_queue}, {@code workflow_type} come from the
 * SDK):
 *
 * <ul>
 *   <li>{@code cutover_outcomes_total{outcome}}: COMPLETED, ABORTED, FAILED, DRY_RUN,
 *       ALREADY_COMPLETED, or INVALID_REQUEST / CANCELLED / WORKFLOW_FAILED when no report came;
 *   <li>{@code cutover_phase_duration_seconds{phase}}: how long each phase lasted (gates included:
 *       a gate's phase is the time a person took);
 *   <li>{@code cutover_frozen_duration_seconds}: from the first frozen phase (FREEZING, or the wait
 *       for zero lag when the freeze took no step of its own) until the task stopped or the source
 *       was restored, i.e. the downtime the runbook is responsible for.
 * </ul>
 */
public final class CutoverMetricsInterceptor extends WorkerInterceptorBase {
  public static final String OUTCOMES = "cutover_outcomes";
  public static final String PHASE_DURATION = "cutover_phase_duration";
  public static final String FROZEN_DURATION = "cutover_frozen_duration";

  /** The phases during which the source is frozen, from the freeze to the stop or the restore. */
  static final Set<Phase> FROZEN_PHASES =
      EnumSet.of(
          Phase.FREEZING,
          Phase.WAIT_FOR_ZERO_LAG,
          Phase.WAIT_FOR_VERIFICATION,
          Phase.GATE_STOP,
          Phase.STOPPING,
          Phase.COMPENSATING);

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new CutoverRecorder(next);
  }

  /** One per workflow run: remembers the current phase and when it began (workflow time). */
  private static final class CutoverRecorder extends WorkflowInboundCallsInterceptorBase {
    private Phase phase;
    private long phaseSince;
    private long frozenSince = -1;

    CutoverRecorder(WorkflowInboundCallsInterceptor next) {
      super(next);
    }

    @Override
    public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
      super.init(new PhaseWatch(outboundCalls, this));
    }

    @Override
    public WorkflowOutput execute(WorkflowInput input) {
      // The phase a client set at start is not upserted again.
      String initial = Workflow.getTypedSearchAttributes().get(CutoverSearchAttributes.PHASE);
      if (initial != null) {
        PhaseWatch.phase(initial).ifPresent(this::onPhase);
      }
      WorkflowOutput output;
      try {
        output = super.execute(input);
      } catch (CanceledFailure cancelled) {
        countOutcome("CANCELLED");
        throw cancelled;
      } catch (ApplicationFailure failure) {
        countOutcome(
            CutoverWorkflowImpl.INVALID_REQUEST.equals(failure.getType())
                ? "INVALID_REQUEST"
                : "WORKFLOW_FAILED");
        throw failure;
      } catch (TemporalFailure failure) {
        // Only Temporal failures end a run; other exceptions fail the task and are retried.
        countOutcome("WORKFLOW_FAILED");
        throw failure;
      }
      if (output.getResult() instanceof CutoverReport report && report.outcome() != null) {
        countOutcome(report.outcome().name());
      }
      return output;
    }

    void onPhase(Phase next) {
      if (phase == next) {
        return;
      }
      long now = Workflow.currentTimeMillis();
      if (phase != null) {
        scope()
            .tagged(Map.of("phase", phase.name()))
            .timer(PHASE_DURATION)
            .record(com.uber.m3.util.Duration.ofMillis(now - phaseSince));
      }
      if (FROZEN_PHASES.contains(next) && frozenSince < 0) {
        frozenSince = now;
      } else if (!FROZEN_PHASES.contains(next) && frozenSince >= 0) {
        scope()
            .timer(FROZEN_DURATION)
            .record(com.uber.m3.util.Duration.ofMillis(now - frozenSince));
        frozenSince = -1;
      }
      phase = next;
      phaseSince = now;
    }

    private static void countOutcome(String outcome) {
      scope().tagged(Map.of("outcome", outcome)).counter(OUTCOMES).inc(1);
    }

    private static Scope scope() {
      return Workflow.getMetricsScope();
    }
  }

  /** Sees every search-attribute upsert; the phase one moves the clock. */
  private static final class PhaseWatch extends WorkflowOutboundCallsInterceptorBase {
    private final CutoverRecorder recorder;

    PhaseWatch(WorkflowOutboundCallsInterceptor next, CutoverRecorder recorder) {
      super(next);
      this.recorder = recorder;
    }

    @Override
    public void upsertTypedSearchAttributes(SearchAttributeUpdate<?>... updates) {
      super.upsertTypedSearchAttributes(updates);
      for (SearchAttributeUpdate<?> update : updates) {
        if (update.getKey().getName().equals(CutoverSearchAttributes.PHASE.getName())) {
          update
              .getValue()
              .map(String::valueOf)
              .flatMap(PhaseWatch::phase)
              .ifPresent(recorder::onPhase);
        }
      }
    }

    private static Optional<Phase> phase(String name) {
      try {
        return Optional.of(Phase.valueOf(name));
      } catch (IllegalArgumentException unknown) {
        return Optional.empty();
      }
    }
  }
}
