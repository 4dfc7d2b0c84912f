package io.dtscutover.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A fault to inject into matching DTS calls.
 *
 * @param kind what goes wrong
 * @param action the DTS action it applies to, or {@code null} / {@code *} for every action
 * @param jobId the job it applies to, or {@code null} for every job
 * @param times how many matching calls it affects before it is used up; {@code null} for all
 * @param httpStatus the HTTP status of the error; 200 sends it on the body channel ({@code
 *     Success:false}); {@code null} for the kind's default
 * @param code the error code, or {@code null} for the kind's default
 * @param message the error message, or {@code null} for the kind's default
 * @param delayMillis for {@link FaultKind#SLOW} and {@link FaultKind#LOST_ANSWER}, how long to wait
 *     before answering
 * @param body for {@link FaultKind#RAW}, the exact answer to send (JSON when it starts with <code>{
 *     </code>, HTML otherwise)
 */
public record FaultSpec(
    FaultKind kind,
    String action,
    String jobId,
    Integer times,
    Integer httpStatus,
    String code,
    String message,
    Long delayMillis,
    String body) {

  /** A fault without a raw body (every kind but {@link FaultKind#RAW}). */
  public FaultSpec(
      FaultKind kind,
      String action,
      String jobId,
      Integer times,
      Integer httpStatus,
      String code,
      String message,
      Long delayMillis) {
    this(kind, action, jobId, times, httpStatus, code, message, delayMillis, null);
  }

  /** {@code times} answers to {@code action} of exactly {@code body}, with {@code httpStatus}. */
  public static FaultSpec raw(String action, int httpStatus, String body, int times) {
    return new FaultSpec(FaultKind.RAW, action, null, times, httpStatus, null, null, null, body);
  }

  /** {@code times} throttled answers to {@code action}. */
  public static FaultSpec throttling(String action, int times) {
    return new FaultSpec(FaultKind.THROTTLING, action, null, times, null, null, null, null);
  }

  /** {@code times} answers to {@code action} with {@code code} on the body channel. */
  public static FaultSpec bodyError(String action, String code, String message, int times) {
    return new FaultSpec(FaultKind.ERROR, action, null, times, 200, code, message, null);
  }

  /** {@code times} answers to {@code action} with {@code code} on the HTTP error channel. */
  public static FaultSpec httpError(
      String action, int httpStatus, String code, String message, int times) {
    return new FaultSpec(FaultKind.ERROR, action, null, times, httpStatus, code, message, null);
  }

  /** {@code times} calls of {@code action} that take effect but whose answer is dropped. */
  public static FaultSpec lostAnswer(String action, int times) {
    return new FaultSpec(FaultKind.LOST_ANSWER, action, null, times, null, null, null, null);
  }

  /** {@code times} answers of the given kind, with its defaults. */
  public static FaultSpec of(FaultKind kind, String action, int times) {
    return new FaultSpec(kind, action, null, times, null, null, null, null);
  }

  /** True when this fault applies to a call of {@code callAction} on {@code callJobId}. */
  boolean matches(String callAction, String callJobId) {
    boolean actionMatches = action == null || action.equals("*") || action.equals(callAction);
    boolean jobMatches = jobId == null || jobId.equals(callJobId);
    return actionMatches && jobMatches;
  }

  int effectiveStatus() {
    return httpStatus != null ? httpStatus : defaults().status();
  }

  String effectiveCode() {
    return code != null ? code : defaults().code();
  }

  String effectiveMessage() {
    return message != null ? message : defaults().message();
  }

  /** What a fault of this kind answers where it does not say: status, code and message. */
  private record Defaults(int status, String code, String message) {}

  private Defaults defaults() {
    return switch (kind) {
      case THROTTLING ->
          new Defaults(400, "Throttling.User", "Request was denied due to user flow control.");
      case SERVER_ERROR ->
          new Defaults(
              503,
              "ServiceUnavailable",
              "The request has failed due to a temporary failure of the server.");
      case ERROR ->
          new Defaults(
              200, "InternalError", "The request processing has failed due to some unknown error.");
      default -> new Defaults(200, null, null);
    };
  }

  /** What is wrong with this fault, each naming the field; empty when it is valid. */
  public List<String> problems(String where) {
    List<String> problems = new ArrayList<>();
    if (kind == null) {
      problems.add(where + ".kind is required: one of " + List.of(FaultKind.values()));
    }
    if (times != null && times < 1) {
      problems.add(where + ".times must be at least 1, or absent for every call");
    }
    if (httpStatus != null && (httpStatus < 200 || httpStatus > 599)) {
      problems.add(where + ".httpStatus must be an HTTP status (got " + httpStatus + ")");
    }
    if (kind == FaultKind.RAW && body == null) {
      problems.add(where + ".body is required for RAW: the exact answer to send");
    }
    if (delayMillis != null && delayMillis < 0) {
      problems.add(where + ".delayMillis must be zero or more");
    }
    return problems;
  }
}
