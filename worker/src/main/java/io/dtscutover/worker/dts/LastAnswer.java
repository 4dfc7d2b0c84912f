package io.dtscutover.worker.dts;

import com.aliyun.tea.TeaResponse;
import com.aliyun.tea.interceptor.InterceptorContext;
import com.aliyun.tea.interceptor.ResponseInterceptor;
import com.aliyun.tea.utils.AttributeMap;
import java.util.Map;

/**
 * What the SDK last received on this thread: the HTTP status of the answer and, once it read as
 * JSON, the raw answer. The SDK reports an answer it cannot read without either (a 502 page is "not
 * JSON", a string where it expects a number is a bare {@code NumberFormatException}); with them a
 * failure names the status, the code and the field at fault. Each call runs on one thread and
 * clears them first.
 */
final class LastAnswer implements ResponseInterceptor {
  private static final ThreadLocal<Integer> STATUS = new ThreadLocal<>();
  private static final ThreadLocal<Map<String, ?>> ANSWER = new ThreadLocal<>();

  /** Forgets the previous call's answer. */
  static void clear() {
    STATUS.remove();
    ANSWER.remove();
  }

  /** The HTTP status of the last answer, or {@code null} when none came. */
  static Integer status() {
    return STATUS.get();
  }

  /** The last raw answer ({@code {"body": {...}}}), or {@code null} when none read as JSON. */
  static Map<String, ?> answer() {
    return ANSWER.get();
  }

  static void answer(Map<String, ?> answer) {
    ANSWER.set(answer);
  }

  @Override
  public TeaResponse modifyResponse(InterceptorContext context, AttributeMap attributes) {
    TeaResponse response = context.teaResponse();
    if (response != null) {
      STATUS.set(response.statusCode);
    }
    return response;
  }
}
