package io.dtscutover.cli;

import io.dtscutover.workflow.CutoverFailures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;

/**
 * Turns whatever a command threw into the one line and exit code an operator sees. Refusals by the
 * cutover (a rejected update), a missing cutover and bad input are usage errors (2); a server that
 * cannot be reached is 3; anything else is reported with a pointer to {@code --verbose}.
 */
final class FailureTranslator {
  private FailureTranslator() {}

  static CliFailure translate(Throwable thrown) {
    if (thrown instanceof CliFailure failure) {
      return failure;
    }
    WorkflowUpdateException refused = find(thrown, WorkflowUpdateException.class);
    if (refused != null) {
      ApplicationFailure refusal = find(refused, ApplicationFailure.class);
      boolean byTheCutover = refusal != null && CutoverFailures.REFUSED.equals(refusal.getType());
      return new CliFailure(
          ExitCodes.USAGE,
          "refused: "
              + plainMessage(refused.getCause(), refused)
              + (byTheCutover
                  ? " (`cutover status` shows what the cutover waits for and who may act)"
                  : ""),
          thrown);
    }
    WorkflowNotFoundException notFound = find(thrown, WorkflowNotFoundException.class);
    if (notFound != null) {
      return new CliFailure(
          ExitCodes.USAGE,
          "no cutover "
              + notFound.getExecution().getWorkflowId()
              + " on this server: check --job-id/--region (or --workflow-id), and list cutovers"
              + " with `cutover list`",
          thrown);
    }
    WorkflowExecutionAlreadyStarted started = find(thrown, WorkflowExecutionAlreadyStarted.class);
    if (started != null) {
      return new CliFailure(
          ExitCodes.USAGE,
          "a cutover of this job is already running ("
              + started.getExecution().getWorkflowId()
              + "): follow it with `cutover watch --workflow-id "
              + started.getExecution().getWorkflowId()
              + "` or abort it first",
          thrown);
    }
    StatusRuntimeException grpc = find(thrown, StatusRuntimeException.class);
    if (grpc != null) {
      Status.Code code = grpc.getStatus().getCode();
      if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
        return new CliFailure(
            ExitCodes.UNREACHABLE,
            "Temporal stopped answering ("
                + code
                + "): check the server, then run the command again",
            thrown);
      }
      if (code == Status.Code.NOT_FOUND) {
        return new CliFailure(
            ExitCodes.USAGE, "not found: " + grpc.getStatus().getDescription(), thrown);
      }
      if (code == Status.Code.INVALID_ARGUMENT
          && String.valueOf(grpc.getStatus().getDescription()).contains("search attribute")) {
        return new CliFailure(
            ExitCodes.USAGE,
            grpc.getStatus().getDescription()
                + ": register the cutover search attributes (`cutover worker` prints the"
                + " commands)",
            thrown);
      }
      if (code == Status.Code.PERMISSION_DENIED || code == Status.Code.UNAUTHENTICATED) {
        return new CliFailure(
            ExitCodes.USAGE,
            "Temporal refused the call ("
                + code
                + "): check TEMPORAL_API_KEY / TLS settings or --profile",
            thrown);
      }
    }
    return new CliFailure(
        ExitCodes.CUTOVER_NOT_SUCCESSFUL,
        "unexpected error: " + plainMessage(thrown, thrown) + " (run with --verbose for details)",
        thrown);
  }

  /** The innermost application message, which is what a validator or activity said. */
  private static String plainMessage(Throwable start, Throwable fallback) {
    ApplicationFailure application = find(start, ApplicationFailure.class);
    if (application != null && application.getOriginalMessage() != null) {
      return application.getOriginalMessage();
    }
    Throwable innermost = start == null ? fallback : start;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    return innermost.getMessage() == null
        ? innermost.getClass().getSimpleName()
        : firstLine(innermost.getMessage());
  }

  /** Servers may send a whole remote stack trace as the message; one line is the error. */
  static String firstLine(String message) {
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).strip();
  }

  private static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
    for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
