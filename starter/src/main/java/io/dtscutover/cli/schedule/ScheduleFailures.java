package io.dtscutover.cli.schedule;

import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.ExitCodes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;

/**
 * What the schedule verbs say when Temporal refuses: above all a server without Schedules (the
 * embedded one answers UNIMPLEMENTED), in one sentence that names the way out.
 */
public final class ScheduleFailures {
  /** The one sentence for a server that has no Schedules. */
  public static final String UNSUPPORTED =
      "this Temporal server does not support Schedules (the embedded `cutover server`, `dev` and"
          + " `demo` do not): run the full stack with `docker compose up` (README, \"Run it for"
          + " real\") and point --address at it";

  private ScheduleFailures() {}

  /** The CLI failure for {@code thrown} while acting on schedule {@code id}. */
  public static RuntimeException translate(RuntimeException thrown, String id) {
    if (thrown instanceof CliFailure) {
      return thrown;
    }
    if (find(thrown, ScheduleAlreadyRunningException.class) != null) {
      return new CliFailure(
          ExitCodes.USAGE,
          "a schedule " + id + " already exists: choose another --id, or delete it first",
          thrown);
    }
    StatusRuntimeException grpc = find(thrown, StatusRuntimeException.class);
    if (grpc != null) {
      Status.Code code = grpc.getStatus().getCode();
      switch (code) {
        case UNIMPLEMENTED -> {
          return new CliFailure(ExitCodes.USAGE, UNSUPPORTED, thrown);
        }
        case NOT_FOUND -> {
          return new CliFailure(
              ExitCodes.USAGE,
              "no schedule " + id + " on this server: see `cutover schedule list`",
              thrown);
        }
        case ALREADY_EXISTS -> {
          return new CliFailure(
              ExitCodes.USAGE,
              "a schedule " + id + " already exists: choose another --id, or delete it first",
              thrown);
        }
        case INVALID_ARGUMENT -> {
          return new CliFailure(
              ExitCodes.USAGE,
              "Temporal refused the schedule: " + grpc.getStatus().getDescription(),
              thrown);
        }
        default -> {
          // The shared translator knows unreachable servers and refused credentials.
        }
      }
    }
    return thrown;
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
