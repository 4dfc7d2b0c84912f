package io.dtscutover.worker.dts;

import io.dtscutover.dts.DtsFailures;
import io.dtscutover.workflow.Quoted;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the worker reaches DTS, read from its environment (never from a workflow): credentials from
 * the standard Alibaba Cloud variables, an optional endpoint override, the unit of {@code Delay},
 * the describe rate limit and the HTTP timeouts.
 *
 * <p>{@link #toString()} never shows the secret or the token.
 *
 * @param endpoint {@code DTS_ENDPOINT} with its scheme, or {@code null} for the public endpoint of
 *     each job's region
 * @param delayInSeconds {@code DTS_DELAY_UNIT=s}: DTS reports {@code Delay} in seconds
 * @param describeRatePerSecond {@code DTS_DESCRIBE_RATE}: the ceiling of {@code DescribeDtsJobs}
 *     calls per second per (access key, region), shared by every activity and batched reader in the
 *     process; the other budgets scale with it ({@link #ratePerSecond})
 * @param credentialsFile {@code DTS_CREDENTIALS_FILE}: a file holding the three {@code
 *     ALIBABA_CLOUD_*} credential variables as {@code NAME=value} lines, read at start and again
 *     whenever DTS says the STS token expired (whatever refreshes the token rewrites it); {@code
 *     null} when the credentials come from the environment only
 * @param finishCap {@code DTS_FINISH_CAP}: how many held quiet windows of this worker process, over
 *     all regions, may be on their way to {@code StopDtsJob} at once ({@link #DEFAULT_FINISH_CAP})
 */
public record DtsSettings(
    String accessKeyId,
    String accessKeySecret,
    String securityToken,
    URI endpoint,
    boolean delayInSeconds,
    double describeRatePerSecond,
    Duration connectTimeout,
    Duration readTimeout,
    Path credentialsFile,
    int finishCap) {

  /** Settings with the default finish cap. */
  public DtsSettings(
      String accessKeyId,
      String accessKeySecret,
      String securityToken,
      URI endpoint,
      boolean delayInSeconds,
      double describeRatePerSecond,
      Duration connectTimeout,
      Duration readTimeout,
      Path credentialsFile) {
    this(
        accessKeyId,
        accessKeySecret,
        securityToken,
        endpoint,
        delayInSeconds,
        describeRatePerSecond,
        connectTimeout,
        readTimeout,
        credentialsFile,
        DEFAULT_FINISH_CAP);
  }

  public static final String ACCESS_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
  public static final String ACCESS_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";
  public static final String SECURITY_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN";
  public static final String ENDPOINT = "DTS_ENDPOINT";
  public static final String DELAY_UNIT = "DTS_DELAY_UNIT";
  public static final String DESCRIBE_RATE = "DTS_DESCRIBE_RATE";
  public static final String CONNECT_TIMEOUT = "DTS_CONNECT_TIMEOUT_MS";
  public static final String READ_TIMEOUT = "DTS_READ_TIMEOUT_MS";
  public static final String CREDENTIALS_FILE = "DTS_CREDENTIALS_FILE";
  public static final String FINISH_CAP = "DTS_FINISH_CAP";

  /**
   * Held quiet windows of one worker process, over all regions, that may be on their way to {@code
   * StopDtsJob} at once: what the workflow's steps between the wait and the stop (workflow tasks,
   * the freeze check, the freeze guard's claim) took on 2 cores while keeping the stop within about
   * a second of its reading (docs/performance.md, "The worker's finish cap"). {@value #FINISH_CAP}
   * overrides it; raise it on a worker with more cores.
   */
  public static final int DEFAULT_FINISH_CAP = 15;

  /** The user-info of a URL: everything between {@code //} and the last {@code @} of the host. */
  private static final Pattern USER_INFO = Pattern.compile("^([^/]*//)[^/?#]*@");

  /**
   * The ceiling of {@code DescribeDtsJobs} calls per second per (access key, region) of one worker
   * process: DTS's documented limit, 20 calls/s per account per region (the API reference's
   * flow-control table). The other budgets scale with it ({@link #rateOf}). Throttled answers lower
   * a budget's rate below its ceiling for a while ({@link DtsRateLimiter}); {@value #DESCRIBE_RATE}
   * overrides it, and with several worker processes on one account each should get its share
   * (docs/performance.md).
   */
  public static final double DEFAULT_DESCRIBE_RATE = 20;

  /**
   * {@code DescribeDtsJobDetail}: 40 calls/s per account per region, twice the {@code
   * DescribeDtsJobs} limit (the API reference's flow-control table).
   */
  public static final double DESCRIBE_DETAIL_LIMIT = 40;

  /**
   * The budget of every action DTS documents no limit for ({@code StopDtsJob}, {@code
   * DeleteDtsJob}, {@code DescribeDataCheckTableDetails}): treated conservatively, they share ONE
   * budget at the lowest documented limit, 20 calls/s.
   */
  public static final String OTHER_ACTIONS = "other actions";

  /**
   * The budget {@code action}'s calls count against: DTS limits {@code DescribeDtsJobs} and {@code
   * DescribeDtsJobDetail} each on its own; every other action counts against {@link
   * #OTHER_ACTIONS}.
   */
  public static String budgetOf(String action) {
    return switch (action) {
      case "DescribeDtsJobs", "DescribeDtsJobDetail" -> action;
      default -> OTHER_ACTIONS;
    };
  }

  /**
   * The ceiling of {@code budget} (see {@link #budgetOf}) when {@code DescribeDtsJobs} gets {@code
   * describeRate}: the documented limits in proportion, so {@value #DESCRIBE_RATE}=10 gives 10, 20
   * and 10 calls/s.
   */
  public static double rateOf(String budget, double describeRate) {
    double documented =
        "DescribeDtsJobDetail".equals(budget) ? DESCRIBE_DETAIL_LIMIT : DEFAULT_DESCRIBE_RATE;
    return documented * describeRate / DEFAULT_DESCRIBE_RATE;
  }

  /** The ceiling of the budget {@code action} counts against, calls per second. */
  public double ratePerSecond(String action) {
    return rateOf(budgetOf(action), describeRatePerSecond);
  }

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(15);

  /**
   * Reads the settings; fails with {@link DtsCallException} of type {@link
   * DtsFailures#CONFIGURATION} naming every missing or malformed variable and how to fix it.
   */
  public static DtsSettings fromEnvironment(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Path file = null;
    Map<String, String> credentials = env;
    String rawFile = trimmed(env, CREDENTIALS_FILE);
    if (rawFile != null) {
      file = Path.of(rawFile);
      try {
        credentials = readCredentialsFile(file);
      } catch (DtsCallException e) {
        problems.add(e.getMessage());
        credentials = Map.of();
      }
    }
    String id = trimmed(credentials, ACCESS_KEY_ID);
    String secret = trimmed(credentials, ACCESS_KEY_SECRET);
    if (id == null && file != null) {
      problems.add(CREDENTIALS_FILE + " " + file + " has no " + ACCESS_KEY_ID + "=... line");
    } else if (id == null) {
      problems.add(
          ACCESS_KEY_ID
              + " is not set: export the access key id of a RAM user allowed"
              + " to call DTS");
    }
    if (secret == null && file != null) {
      problems.add(CREDENTIALS_FILE + " " + file + " has no " + ACCESS_KEY_SECRET + "=... line");
    } else if (secret == null) {
      problems.add(ACCESS_KEY_SECRET + " is not set: export the secret of that access key");
    }
    URI endpoint = null;
    String rawEndpoint = trimmed(env, ENDPOINT);
    if (rawEndpoint != null) {
      endpoint = parseEndpoint(rawEndpoint, problems);
    }
    boolean seconds = false;
    String unit = trimmed(env, DELAY_UNIT);
    if (unit != null) {
      switch (unit.toLowerCase(Locale.ROOT)) {
        case "ms" -> seconds = false;
        case "s" -> seconds = true;
        default -> problems.add(DELAY_UNIT + " must be ms or s (got " + Quoted.of(unit) + ")");
      }
    }
    double rate = DEFAULT_DESCRIBE_RATE;
    String rawRate = trimmed(env, DESCRIBE_RATE);
    if (rawRate != null) {
      try {
        rate = Double.parseDouble(rawRate);
        if (!(rate > 0) || Double.isInfinite(rate)) {
          problems.add(
              DESCRIBE_RATE
                  + " must be a positive number of calls per second (got "
                  + Quoted.of(rawRate)
                  + ")");
        }
      } catch (NumberFormatException e) {
        problems.add(
            DESCRIBE_RATE
                + " must be a number of calls per second (got "
                + Quoted.of(rawRate)
                + ")");
      }
    }
    int finishCap = DEFAULT_FINISH_CAP;
    String rawCap = trimmed(env, FINISH_CAP);
    if (rawCap != null) {
      try {
        finishCap = Integer.parseInt(rawCap);
      } catch (NumberFormatException e) {
        finishCap = 0;
      }
      if (finishCap < 1) {
        problems.add(
            FINISH_CAP
                + " must be a whole number of cutovers of at least 1 (got "
                + Quoted.of(rawCap)
                + "); leave it unset for "
                + DEFAULT_FINISH_CAP);
      }
    }
    Duration connect = millis(env, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT, problems);
    Duration read = millis(env, READ_TIMEOUT, DEFAULT_READ_TIMEOUT, problems);
    if (!problems.isEmpty()) {
      throw DtsCallException.permanent(
          DtsFailures.CONFIGURATION,
          "the worker cannot call DTS: " + String.join("; ", problems),
          null);
    }
    return new DtsSettings(
        id,
        secret,
        trimmed(credentials, SECURITY_TOKEN),
        endpoint,
        seconds,
        rate,
        connect,
        read,
        file,
        finishCap);
  }

  /**
   * The credential variables of a {@code DTS_CREDENTIALS_FILE}: {@code NAME=value} lines, blank
   * lines and {@code #} comments ignored. Fails with {@link DtsFailures#CONFIGURATION} naming the
   * file, never its content.
   */
  static Map<String, String> readCredentialsFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw DtsCallException.permanent(
          DtsFailures.CONFIGURATION,
          CREDENTIALS_FILE
              + " "
              + file
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "): point it at the file your token refresher writes",
          null);
    }
    Map<String, String> values = new HashMap<>();
    for (String line : lines) {
      String text = line.strip();
      int equals = text.indexOf('=');
      if (text.isEmpty() || text.startsWith("#") || equals < 1) {
        continue;
      }
      String name = text.substring(0, equals).strip();
      if (name.startsWith("export ")) {
        name = name.substring("export ".length()).strip();
      }
      values.put(name, text.substring(equals + 1).strip());
    }
    return values;
  }

  /** The credentials to sign with now: re-read from the file when there is one. */
  DtsCredentials currentCredentials() {
    if (credentialsFile == null) {
      return new DtsCredentials(accessKeyId, accessKeySecret, securityToken);
    }
    Map<String, String> values = readCredentialsFile(credentialsFile);
    String id = trimmed(values, ACCESS_KEY_ID);
    String secret = trimmed(values, ACCESS_KEY_SECRET);
    if (id == null || secret == null) {
      throw DtsCallException.transientFailure(
          DtsFailures.CREDENTIALS_EXPIRED,
          CREDENTIALS_FILE
              + " "
              + credentialsFile
              + " has no complete access key right now (being rewritten?); retrying",
          null);
    }
    return new DtsCredentials(id, secret, trimmed(values, SECURITY_TOKEN));
  }

  private static URI parseEndpoint(String raw, List<String> problems) {
    try {
      URI uri = new URI(raw);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean bare = uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/");
      if ((scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && bare
          && uri.getQuery() == null
          && uri.getUserInfo() == null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    problems.add(
        ENDPOINT
            + " must be a scheme and a host, like https://dts-vpc.cn-hangzhou"
            + ".aliyuncs.com or http://127.0.0.1:18080, without user:password@ (got "
            + Quoted.of(withoutUserInfo(raw))
            + ")");
    return null;
  }

  /** {@code raw} with any {@code user:password@} replaced by {@code ***@}: safe to show. */
  static String withoutUserInfo(String raw) {
    return USER_INFO.matcher(raw).replaceFirst("$1***@");
  }

  private static Duration millis(
      Map<String, String> env, String name, Duration fallback, List<String> problems) {
    String raw = trimmed(env, name);
    if (raw == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(raw);
      if (value > 0) {
        return Duration.ofMillis(value);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(name + " must be a positive number of milliseconds (got " + Quoted.of(raw) + ")");
    return fallback;
  }

  private static String trimmed(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  @Override
  public String toString() {
    return "DtsSettings[accessKeyId="
        + accessKeyId
        + ", accessKeySecret=***, securityToken="
        + (securityToken == null ? "none" : "***")
        + ", endpoint="
        + (endpoint == null ? "public" : endpoint)
        + ", delayUnit="
        + (delayInSeconds ? "s" : "ms")
        + ", describeRate="
        + describeRatePerSecond
        + "/s, connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", credentialsFile="
        + (credentialsFile == null ? "none" : credentialsFile)
        + ", finishCap="
        + finishCap
        + "]";
  }
}
