package io.dtscutover.worker.dts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads DTS's {@code Delay} strictly, before the SDK's lenient mapping can turn garbage into a
 * number: the SDK maps {@code "12abc"} to an exception, {@code 1.9} to 1 and a string of digits to
 * a long, none of which tells a real lag from a broken answer. A {@code Delay} that is negative,
 * not a whole number, or does not fit in milliseconds is unreadable: never low, never zero.
 */
final class DelayReading {
  private static final int EXCERPT = 80;

  private DelayReading() {}

  /** Why an answer's {@code Delay} cannot be a lag, with a short single-line excerpt of it. */
  static final class UnreadableDelay extends Exception {
    private static final long serialVersionUID = 1L;

    private final String requestId;

    UnreadableDelay(String problem, Object raw, String requestId) {
      super(problem + " (HTTP 200, Delay=" + excerpt(raw) + ")");
      this.requestId = requestId;
    }

    String requestId() {
      return requestId;
    }
  }

  /**
   * Checks the {@code Delay}s of a raw SDK answer ({@code {"body": {...}}}) before the SDK maps it.
   * An unreadable top-level one (of {@code DescribeDtsJobDetail}) fails the call. An unreadable one
   * of a {@code DescribeDtsJobs} item makes only that task unreadable, not the whole page: it is
   * taken out of the answer returned here, for the SDK to map the rest, and {@link #itemProblems}
   * of the original answer names it.
   *
   * @return the answer to map: {@code answer}, or a copy without the items' unreadable Delays
   */
  static Map<String, ?> check(Map<String, ?> answer) throws UnreadableDelay {
    if (answer == null || !(answer.get("body") instanceof Map<?, ?> body)) {
      return answer;
    }
    String requestId = body.get("RequestId") == null ? null : body.get("RequestId").toString();
    checkOne(body.get("Delay"), requestId);
    if (!(body.get("DtsJobList") instanceof List<?> items)
        || items.stream().allMatch(item -> problem(item) == null)) {
      return answer;
    }
    List<Object> readable = new ArrayList<>();
    for (Object item : items) {
      if (problem(item) != null && item instanceof Map<?, ?> job) {
        Map<Object, Object> withoutDelay = new LinkedHashMap<>(job);
        withoutDelay.remove("Delay");
        readable.add(withoutDelay);
      } else {
        readable.add(item);
      }
    }
    Map<Object, Object> checkedBody = new LinkedHashMap<>(body);
    checkedBody.put("DtsJobList", readable);
    Map<String, Object> checked = new LinkedHashMap<>(answer);
    checked.put("body", checkedBody);
    return checked;
  }

  /**
   * The {@code DescribeDtsJobs} items of a raw answer whose {@code Delay} cannot be a lag, by
   * {@code DtsJobId}: each with what is wrong and an excerpt of the value, like {@code Delay is not
   * a whole number (HTTP 200, Delay="12abc")}. Empty for any other answer.
   */
  static Map<String, String> itemProblems(Map<String, ?> answer) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (answer != null
        && answer.get("body") instanceof Map<?, ?> body
        && body.get("DtsJobList") instanceof List<?> items) {
      for (Object item : items) {
        String problem = problem(item);
        if (problem != null && item instanceof Map<?, ?> job && job.get("DtsJobId") != null) {
          problems.put(job.get("DtsJobId").toString(), problem);
        }
      }
    }
    return problems;
  }

  /** What is wrong with the {@code Delay} of a raw item, or {@code null} when it is readable. */
  private static String problem(Object item) {
    if (!(item instanceof Map<?, ?> job)) {
      return null;
    }
    try {
      checkOne(job.get("Delay"), null);
      return null;
    } catch (UnreadableDelay unreadable) {
      return unreadable.getMessage();
    }
  }

  private static void checkOne(Object raw, String requestId) throws UnreadableDelay {
    if (raw == null) {
      return;
    }
    long value;
    if (raw instanceof Long number) {
      value = number;
    } else if (raw instanceof Integer number) {
      value = number;
    } else if (raw instanceof String text && text.strip().matches("-?\\d{1,18}")) {
      value = Long.parseLong(text.strip());
    } else {
      throw new UnreadableDelay("Delay is not a whole number", raw, requestId);
    }
    if (value < 0) {
      throw new UnreadableDelay("Delay is negative", raw, requestId);
    }
  }

  /**
   * {@code delay} in milliseconds, with exact arithmetic; fails when it does not fit.
   *
   * @throws ArithmeticException when the conversion overflows
   */
  static long toMillis(long delay, boolean inSeconds) {
    return inSeconds ? Math.multiplyExact(delay, 1000L) : delay;
  }

  /** {@code raw} as one short line: quoted when it was a string, cut after 80 characters. */
  static String excerpt(Object raw) {
    String text = raw instanceof String ? "\"" + raw + "\"" : String.valueOf(raw);
    return oneLine(text, 0);
  }

  /**
   * A short single-line excerpt of an unreadable answer, from just before its {@code Delay} when it
   * has one (the usual culprit), else from its start.
   */
  static String excerptOfAnswer(String answer) {
    if (answer == null) {
      return "no answer";
    }
    int delay = answer.indexOf("\"Delay\"");
    return oneLine(answer, delay < 0 ? 0 : delay);
  }

  private static String oneLine(String text, int from) {
    String line = text.substring(from).replaceAll("\\s+", " ").strip();
    String cut = line.length() > EXCERPT ? line.substring(0, EXCERPT) + "..." : line;
    return from > 0 ? "..." + cut : cut;
  }
}
