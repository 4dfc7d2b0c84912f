package io.dtscutover.worker;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the Temporal server is behind on this worker's workflow tasks, read from the tasks the
 * worker polls: each carries when the server scheduled it and when it handed it out. While a task
 * this worker took in the last {@link #MEMORY} had waited more than {@link #BEHIND} in the server's
 * queue, the server is behind, and every workflow task added now (a new cutover's, a quiet window's
 * end) waits behind that backlog too. The worker then holds back the work it can hold without harm:
 * held quiet windows stay queued and watched rather than end, and new cutovers yield, so that the
 * steps from a window's end to its stop run on a server that keeps up.
 *
 * <p>The server's own figures (its clock at both ends), so several workers on one task queue each
 * see the same backlog. A gRPC interceptor on the worker's connection; thread-safe.
 */
public final class WorkflowTaskWaits implements ClientInterceptor {
  /** A workflow task that waited longer than this in the server's queue shows it is behind. */
  static final Duration BEHIND = Duration.ofSeconds(1);

  /**
   * How long one late task counts. The tasks that waited longest come out irregularly while a
   * backlog drains, so the signal bridges the gaps between them.
   */
  static final Duration MEMORY = Duration.ofSeconds(3);

  private final Clock clock;
  private volatile Instant lastLateTaskSeen = Instant.MIN;

  /** Waits told apart by {@code clock} (when a late task was seen). */
  public WorkflowTaskWaits(Clock clock) {
    this.clock = clock;
  }

  /**
   * Whether a workflow task taken in the last {@link #MEMORY} had waited more than {@link #BEHIND}.
   */
  public boolean behind() {
    return lastLateTaskSeen.isAfter(clock.instant().minus(MEMORY));
  }

  /**
   * A workflow task the server scheduled at {@code scheduled} and handed out at {@code started}.
   */
  void taken(Instant scheduled, Instant started) {
    if (Duration.between(scheduled, started).compareTo(BEHIND) > 0) {
      lastLateTaskSeen = clock.instant();
    }
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!method.getFullMethodName().equals(pollMethod())) {
      return call;
    }
    return new SimpleForwardingClientCall<>(call) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(
            new SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onMessage(R message) {
                if (message instanceof PollWorkflowTaskQueueResponse task
                    && task.hasScheduledTime()
                    && task.hasStartedTime()) {
                  taken(instant(task.getScheduledTime()), instant(task.getStartedTime()));
                }
                super.onMessage(message);
              }
            },
            headers);
      }
    };
  }

  private static String pollMethod() {
    return WorkflowServiceGrpc.getPollWorkflowTaskQueueMethod().getFullMethodName();
  }

  private static Instant instant(com.google.protobuf.Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
