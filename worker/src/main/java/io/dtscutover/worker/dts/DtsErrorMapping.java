package io.dtscutover.worker.dts;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaUnretryableException;
import com.aliyun.teautil.models.TeaUtilException;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.JobRef;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Turns what DTS answered, on either error channel, into a classified {@link DtsCallException}.
 *
 * <p>The rules follow what Alibaba Cloud's own tooling retries (Terraform retries exactly
 * throttling, {@code ServiceUnavailable}, 5xx and transport failures): those are retryable; an
 * unknown job, a permission or signature problem and a bad parameter are not, and each gets its own
 * {@link DtsFailures} type. A code this table does not know is retried (bounded by the caller's
 * retry policy), because guessing "permanent" could abandon a cutover over a passing error, and
 * every DTS call here is idempotent.
 */
final class DtsErrorMapping {
  /** How long to back off after DTS throttled us: one rate-limit window and some. */
  static final Duration THROTTLE_BACKOFF = Duration.ofSeconds(2);

  private static final List<String> NOT_FOUND_CODES =
      List.of(
          "InvalidJobId",
          "InvalidJobId.NotFound",
          "InvalidDtsJobId",
          "InvalidDtsJobId.NotFound",
          "Forbidden.InstanceNotFound",
          "InvalidInstanceId.NotFound",
          "InstanceNotFound",
          "DtsJobNotFound");

  private final List<String> secrets = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** {@code secrets} are scrubbed from every message, whatever DTS echoes back. */
  DtsErrorMapping(List<String> secrets) {
    addSecrets(secrets);
  }

  /** Scrubs these too from now on (a refreshed secret or token), keeping the earlier ones. */
  void addSecrets(List<String> more) {
    more.stream()
        .filter(s -> s != null && !s.isEmpty() && !secrets.contains(s))
        .forEach(secrets::add);
  }

  /** A business error: HTTP 200 with {@code Success:false}. */
  DtsCallException fromBody(
      String action,
      JobRef job,
      String code,
      String message,
      String dynamicMessage,
      Integer httpStatusCode,
      String requestId) {
    String text = message == null ? "" : message;
    if (dynamicMessage != null && !dynamicMessage.isBlank()) {
      text = text.contains("%s") ? text.replace("%s", dynamicMessage) : text + " " + dynamicMessage;
    }
    return classify(action, job, code, httpStatusCode, text, requestId, "Success:false");
  }

  /** Anything the SDK threw, without what it received (see the full form). */
  DtsCallException fromThrowable(String action, JobRef job, String endpoint, Throwable thrown) {
    return fromThrowable(action, job, endpoint, thrown, null, null);
  }

  /**
   * Anything the SDK threw. {@code httpStatus} and {@code answer} are what the SDK received, when
   * anything came ({@link LastAnswer}): they name the status and the code of an answer the SDK
   * could not read.
   */
  DtsCallException fromThrowable(
      String action,
      JobRef job,
      String endpoint,
      Throwable thrown,
      Integer httpStatus,
      Map<String, ?> answer) {
    if (thrown instanceof DtsCallException already) {
      return already;
    }
    if (thrown instanceof TeaException tea
        && tea.getCode() == null
        && tea.getStatusCode() == null
        && answer != null) {
      return unmappable(action, job, tea, httpStatus, answer);
    }
    if (thrown instanceof TeaException tea) {
      String requestId = requestId(tea.getData());
      return classify(
          action,
          job,
          tea.getCode(),
          tea.getStatusCode(),
          tea.getMessage(),
          requestId,
          "HTTP " + tea.getStatusCode());
    }
    Throwable tls = find(thrown, SSLException.class, CertificateException.class);
    if (tls != null) {
      return DtsCallException.permanent(
          DtsFailures.CONFIGURATION,
          scrub(
              action
                  + " for "
                  + job
                  + ": the TLS certificate of "
                  + endpoint
                  + " could not be verified ("
                  + tls.getMessage()
                  + "). The worker only talks to endpoints whose certificate and host name the"
                  + " JVM trust store verifies: check DTS_ENDPOINT, or add the private CA to the"
                  + " trust store (keytool -importcert)."),
          null);
    }
    if (thrown instanceof TeaUtilException) {
      // The SDK could not read the answer: not JSON, or a number that fits no long.
      return DtsCallException.transientFailure(
          DtsFailures.UNREADABLE,
          scrub(
              action
                  + " for "
                  + job
                  + ": DTS answered "
                  + (httpStatus == null ? "" : "HTTP " + httpStatus + " ")
                  + "with a body that is not JSON the SDK can read, so it is"
                  + " unreadable, not low ("
                  + DelayReading.excerptOfAnswer(thrown.getMessage())
                  + ")"),
          null);
    }
    if (thrown instanceof TeaUnretryableException) {
      Throwable cause = thrown.getCause() == null ? thrown : thrown.getCause();
      return DtsCallException.transientFailure(
          DtsFailures.TRANSIENT,
          scrub(
              action
                  + " for "
                  + job
                  + ": could not reach DTS at "
                  + endpoint
                  + " ("
                  + cause.getClass().getSimpleName()
                  + ": "
                  + cause.getMessage()
                  + ")"),
          null);
    }
    return DtsCallException.transientFailure(
        DtsFailures.TRANSIENT,
        scrub(
            action
                + " for "
                + job
                + " failed: "
                + thrown.getClass().getSimpleName()
                + ": "
                + thrown.getMessage()),
        null);
  }

  /**
   * An answer that read as JSON but that the SDK could not map (a string where DTS documents a
   * number, like {@code "Code": "InternalError"}): a refusal that carries a code is classified by
   * it; anything else is {@link DtsFailures#UNREADABLE}, naming the status, the code and the SDK's
   * complaint on one line.
   */
  private DtsCallException unmappable(
      String action, JobRef job, TeaException tea, Integer httpStatus, Map<String, ?> answer) {
    Map<?, ?> body = answer.get("body") instanceof Map<?, ?> map ? map : Map.of();
    String code = text(body.get("ErrCode"));
    if (code == null) {
      code = text(body.get("Code"));
    }
    String requestId = text(body.get("RequestId"));
    String message = text(body.get("ErrMessage"));
    if (message == null) {
      message = text(body.get("Message"));
    }
    if (code != null && "false".equalsIgnoreCase(String.valueOf(body.get("Success")))) {
      return classify(
          action, job, code, httpStatus, message, requestId, "Success:false, HTTP " + httpStatus);
    }
    return DtsCallException.transientFailure(
        DtsFailures.UNREADABLE,
        scrub(
            ErrorText.oneLine(
                action
                    + " for "
                    + job
                    + ": DTS answered HTTP "
                    + httpStatus
                    + (code == null ? "" : " with code " + code)
                    + " in a form the SDK cannot read ("
                    + tea.getMessage()
                    + "), so it is unreadable, not low: "
                    + DelayReading.excerptOfAnswer(String.valueOf(body))
                    + " [request id "
                    + (requestId == null ? "none" : requestId)
                    + "]")),
        requestId);
  }

  private static String text(Object value) {
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value);
  }

  private DtsCallException classify(
      String action,
      JobRef job,
      String code,
      Integer status,
      String message,
      String requestId,
      String channel) {
    String safeCode = code == null ? "" : code;
    String text =
        scrub(
            action
                + " for "
                + job
                + " failed: "
                + (safeCode.isEmpty() ? "(no code)" : safeCode)
                + " ("
                + channel
                + "): "
                + (message == null ? "" : message.strip())
                + " [request id "
                + (requestId == null ? "none" : requestId)
                + "]");
    if (safeCode.startsWith("Throttling") || safeCode.contains(".Throttling")) {
      return new DtsCallException(DtsFailures.THROTTLED, text, true, requestId, THROTTLE_BACKOFF);
    }
    if (NOT_FOUND_CODES.contains(safeCode)) {
      return DtsCallException.permanent(DtsFailures.JOB_NOT_FOUND, text, requestId);
    }
    if (safeCode.toLowerCase(java.util.Locale.ROOT).contains("prepaid")) {
      return DtsCallException.permanent(DtsFailures.CANNOT_RELEASE_PREPAID, text, requestId);
    }
    if (safeCode.equals("InvalidSecurityToken.Expired")) {
      return DtsCallException.transientFailure(
          DtsFailures.CREDENTIALS_EXPIRED,
          text
              + ". The STS token expired: the worker re-reads "
              + DtsSettings.CREDENTIALS_FILE
              + " on expiry and retries; refresh the token there",
          requestId);
    }
    if (safeCode.startsWith("InvalidAccessKeyId")
        || safeCode.startsWith("SignatureDoesNotMatch")
        || safeCode.startsWith("IncompleteSignature")
        || safeCode.startsWith("MissingAuthorization")
        || safeCode.startsWith("InvalidSecurityToken")
        || safeCode.startsWith("Forbidden")
        || safeCode.startsWith("NoPermission")
        || safeCode.startsWith("InvalidAuthorization")) {
      return DtsCallException.permanent(
          DtsFailures.PERMISSION_DENIED,
          text + ". Check the worker's ALIBABA_CLOUD_* credentials and their RAM policy",
          requestId);
    }
    if (safeCode.startsWith("InvalidParameter")
        || safeCode.startsWith("MissingParameter")
        || safeCode.startsWith("Missing")
        || safeCode.startsWith("InvalidAction")
        || safeCode.startsWith("IllegalParameter")) {
      return DtsCallException.permanent(DtsFailures.INVALID_PARAMETER, text, requestId);
    }
    if (safeCode.startsWith("OperationDenied")) {
      return DtsCallException.permanent(DtsFailures.JOB_STATE_UNSAFE, text, requestId);
    }
    if (status != null && (status == 401 || status == 403)) {
      return DtsCallException.permanent(DtsFailures.PERMISSION_DENIED, text, requestId);
    }
    return DtsCallException.transientFailure(DtsFailures.TRANSIENT, text, requestId);
  }

  private static String requestId(Map<String, Object> data) {
    if (data == null) {
      return null;
    }
    Object direct = data.get("RequestId");
    if (direct != null) {
      return direct.toString();
    }
    for (Object value : data.values()) {
      if (value instanceof Map<?, ?> nested && nested.get("RequestId") != null) {
        return nested.get("RequestId").toString();
      }
    }
    return null;
  }

  @SafeVarargs
  private static Throwable find(Throwable thrown, Class<? extends Throwable>... types) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      for (Class<? extends Throwable> type : types) {
        if (type.isInstance(cause)) {
          return cause;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** Removes every configured secret from {@code text}. */
  String scrub(String text) {
    String clean = text;
    for (String secret : secrets) {
      clean = clean.replace(secret, "***");
    }
    return clean;
  }
}
