package io.dtscutover.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Alibaba Cloud DTS OpenAPI server: the real Alibaba SDK talks to it unchanged.
 *
 * <p>It answers {@code DescribeDtsJobDetail}, {@code DescribeDtsJobs}, {@code StopDtsJob}, {@code
 * SuspendDtsJob}, {@code StartDtsJob}, {@code DeleteDtsJob} and {@code
 * DescribeDataCheckTableDetails} (scripted by {@link JobSpec#dataChecks()}) on DTS's wire protocol
 * (action from the {@code x-acs-action} header or the {@code Action} parameter; parameters in the
 * query string; JSON answers on both error channels), refuses any request not signed with a
 * configured access key (HTTP 403), and plays jobs whose lag grows while the source is written and
 * drains once it is not. Control endpoints outside the DTS API:
 *
 * <ul>
 *   <li>{@code POST /_sim/jobs/{id}/writes} with {@code {"writing": false}} (or {@code true}):
 *       source writes stopped (or resumed); answers {@code {"jobId": ..., "writing": ...}}, 404 for
 *       an unknown job;
 *   <li>{@code GET /_sim/jobs}, {@code GET /_sim/jobs/{id}}: the simulated state;
 *   <li>{@code GET /_sim/calls}: the call log; {@code DELETE /_sim/calls} clears it;
 *   <li>{@code GET|POST|DELETE /_sim/faults}: list, add (a {@link FaultSpec} as JSON) or clear
 *       injected faults;
 *   <li>{@code POST /_sim/tokens/expired} with {@code {"token": "..."}}: every later request signed
 *       with that STS token gets HTTP 403 {@code InvalidSecurityToken.Expired}.
 * </ul>
 *
 * <p>It binds to the loopback interface only: it is a development tool, not a service.
 */
public final class DtsSimulator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DtsSimulator.class);
  private static final String CONTROL_PREFIX = "/_sim/";

  private final ObjectMapper json =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
  private final Scenario scenario;
  private final Clock clock;
  private final SignatureVerifier signatures;
  private final Map<String, SimulatedJob> jobs = new ConcurrentHashMap<>();
  private final Map<String, MarkerReplicator> replicators = new ConcurrentHashMap<>();
  private final List<ActiveFault> faults = new CopyOnWriteArrayList<>();
  private final List<SimCall> calls = new CopyOnWriteArrayList<>();
  private final java.util.Set<String> expiredTokens = ConcurrentHashMap.newKeySet();
  private final AtomicLong callSeq = new AtomicLong();
  private final Map<String, java.util.Deque<Long>> rateWindows = new ConcurrentHashMap<>();
  private volatile double rateLimit;
  private volatile Map<String, Double> actionRateLimits = Map.of();
  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;

  /** A fault with the number of calls it still affects ({@code null}: all). */
  private record ActiveFault(FaultSpec spec, AtomicInteger remaining) {
    boolean claim() {
      if (remaining == null) {
        return true;
      }
      return remaining.getAndUpdate(left -> left > 0 ? left - 1 : 0) > 0;
    }

    boolean usedUp() {
      return remaining != null && remaining.get() <= 0;
    }
  }

  private DtsSimulator(Scenario scenario, int port, Clock clock, SSLContext tls)
      throws IOException {
    List<String> problems = scenario.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid scenario: " + String.join("; ", problems));
    }
    this.scenario = scenario;
    this.clock = clock;
    this.signatures = new SignatureVerifier(scenario.accessKeys());
    for (JobSpec spec : scenario.jobs()) {
      jobs.put(spec.jobId(), new SimulatedJob(spec, clock.instant()));
    }
    scenario.faults().forEach(this::addFault);
    for (MarkerReplicationSpec replication : scenario.markerReplications()) {
      replicators.put(
          replication.jobId(),
          new MarkerReplicator(replication, jobs.get(replication.jobId()), clock));
    }
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    if (tls == null) {
      this.server = HttpServer.create(address, 64);
    } else {
      HttpsServer https = HttpsServer.create(address, 64);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      this.server = https;
    }
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            32,
            task -> {
              Thread thread = new Thread(task, "dts-sim-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    String scheme = tls == null ? "http" : "https";
    this.baseUrl =
        scheme
            + "://"
            + address.getAddress().getHostAddress()
            + ":"
            + server.getAddress().getPort();
  }

  /** Starts a plain-HTTP simulator on {@code port} (0: any free port) with the system clock. */
  public static DtsSimulator start(Scenario scenario, int port) {
    return builder(scenario).port(port).start();
  }

  /** A builder for a simulator with a chosen port, clock or TLS context. */
  public static Builder builder(Scenario scenario) {
    return new Builder(scenario);
  }

  /** Configures and starts a {@link DtsSimulator}. */
  public static final class Builder {
    private final Scenario scenario;
    private int port;
    private Clock clock = Clock.systemUTC();
    private SSLContext tls;

    private Builder(Scenario scenario) {
      this.scenario = Objects.requireNonNull(scenario, "scenario");
    }

    /** The port to listen on; 0 (default) picks a free one. */
    public Builder port(int value) {
      this.port = value;
      return this;
    }

    /** The clock that drives lag dynamics; a {@link ManualClock} makes tests deterministic. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /** Serve HTTPS with this context (its key manager holds the server certificate). */
    public Builder tls(SSLContext value) {
      this.tls = value;
      return this;
    }

    public DtsSimulator start() {
      try {
        return new DtsSimulator(scenario, port, clock, tls);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e, e);
      }
    }
  }

  /**
   * Runs a simulator until the process is stopped: {@code --scenario FILE} (default: the bundled
   * demo) and {@code --port P} (default 18080).
   */
  public static void main(String[] args) {
    DtsSimulator simulator;
    try {
      simulator = fromArguments(args);
    } catch (IllegalArgumentException | UncheckedIOException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "dts-sim-shutdown"));
    System.out.println(
        "DTS simulator listening on "
            + simulator.baseUrl()
            + " with "
            + simulator.scenario.jobs().size()
            + " job(s); set DTS_ENDPOINT="
            + simulator.baseUrl()
            + " and one of the scenario's access keys in ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET");
  }

  /** How to call {@link #main}. */
  public static final String USAGE = "usage: dts-simulator [--scenario FILE] [--port 18080]";

  /**
   * Starts a simulator from command-line arguments; a bad argument or scenario is an {@code
   * IllegalArgumentException} that says what is wrong.
   */
  public static DtsSimulator fromArguments(String... args) {
    Path scenarioFile = null;
    int port = 18080;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ((arg.equals("--scenario") || arg.equals("--port")) && i + 1 >= args.length) {
        throw new IllegalArgumentException(arg + " needs a value");
      }
      switch (arg) {
        case "--scenario" -> scenarioFile = Path.of(args[++i]);
        case "--port" -> {
          String value = args[++i];
          try {
            port = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port needs a number, got " + value);
          }
          if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port must be 0-65535, got " + value);
          }
        }
        default -> throw new IllegalArgumentException("unknown argument " + arg);
      }
    }
    Scenario scenario =
        scenarioFile == null
            ? Scenario.resource("scenarios/demo.json")
            : Scenario.load(scenarioFile);
    return start(scenario, port);
  }

  /** {@code http://127.0.0.1:PORT} (or {@code https://...}): what {@code DTS_ENDPOINT} takes. */
  public String baseUrl() {
    return baseUrl;
  }

  /** The port the simulator listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Every call answered so far, oldest first. */
  public List<SimCall> calls() {
    return List.copyOf(calls);
  }

  /** The calls of one DTS action. */
  public List<SimCall> calls(String action) {
    return calls.stream().filter(call -> call.action().equals(action)).toList();
  }

  /** Forgets the call log. */
  public void clearCalls() {
    calls.clear();
  }

  /** Injects a fault into the calls that follow. */
  public void addFault(FaultSpec fault) {
    List<String> problems = fault.problems("fault");
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    faults.add(
        new ActiveFault(fault, fault.times() == null ? null : new AtomicInteger(fault.times())));
  }

  /**
   * From now on, every request signed with STS token {@code token} is refused with HTTP 403 {@code
   * InvalidSecurityToken.Expired}, as DTS refuses a token past its lifetime.
   */
  public void expireSecurityToken(String token) {
    expiredTokens.add(token);
  }

  /** Removes every injected fault. */
  public void clearFaults() {
    faults.clear();
  }

  /** Says that the source of {@code jobId} is (or is no longer) being written. */
  public void setWriting(String jobId, boolean writing) {
    job(jobId).setWriting(writing, clock.instant());
  }

  /**
   * From now on at most {@code callsPerSecond} calls per (access key, region) are answered in any
   * second (all actions together, a sliding window on the simulator's wall clock); the others get
   * DTS's {@code Throttling.User} (HTTP 400). Zero or less lifts the limit. Refused calls do not
   * count against it.
   */
  public void setRateLimit(double callsPerSecond) {
    this.actionRateLimits = Map.of();
    this.rateLimit = callsPerSecond;
  }

  /**
   * From now on each action in {@code perAction} has its own limit per (access key, region), the
   * way DTS documents some (e.g. {@code DescribeDtsJobs} 20 calls/s, {@code DescribeDtsJobDetail}
   * 40), and every other action counts against one shared limit of {@code otherActions} calls/s.
   * Same sliding window and answer as {@link #setRateLimit}.
   */
  public void setRateLimits(Map<String, Double> perAction, double otherActions) {
    this.actionRateLimits = Map.copyOf(perAction);
    this.rateLimit = otherActions;
  }

  /** Whether a call of {@code action} by {@code accessKeyId} in {@code regionId} is over limit. */
  private boolean overRateLimit(String accessKeyId, String regionId, String action) {
    Map<String, Double> perAction = actionRateLimits;
    String budget = perAction.containsKey(action) ? action : "";
    double limit = perAction.getOrDefault(action, rateLimit);
    if (!(limit > 0)) {
      return false;
    }
    java.util.Deque<Long> window =
        rateWindows.computeIfAbsent(
            accessKeyId + "/" + regionId + "/" + budget, key -> new java.util.ArrayDeque<>());
    synchronized (window) {
      long now = System.nanoTime();
      while (!window.isEmpty() && now - window.peekFirst() >= 1_000_000_000L) {
        window.pollFirst();
      }
      if (window.size() >= Math.max(1, (int) Math.floor(limit))) {
        return true;
      }
      window.addLast(now);
      return false;
    }
  }

  /**
   * From now on {@code jobId} answers {@code rawDelay} verbatim as its {@code Delay} (see {@link
   * JobSpec#rawDelay()}); {@code null} goes back to the simulated delay.
   */
  public void setRawDelay(String jobId, String rawDelay) {
    job(jobId).setRawDelay(rawDelay);
  }

  /**
   * Whether the marker table of {@code jobId} is copied: false makes the task carry nothing while
   * it goes on reporting its delay, down to 0 (the lying metric).
   *
   * @throws IllegalArgumentException when the scenario replicates no marker table for the job
   */
  public void setReplicating(String jobId, boolean replicating) {
    MarkerReplicator replicator = replicators.get(jobId);
    if (replicator == null) {
      throw new IllegalArgumentException(
          "job " + jobId + " has no marker replication in the scenario (markerReplications)");
    }
    replicator.setReplicating(replicating);
  }

  /** The raw {@code Status} of a job as DTS would show it now. */
  public String status(String jobId) {
    SimulatedJob job = job(jobId);
    job.advanceTo(clock.instant());
    return job.status();
  }

  /** Whether the source of {@code jobId} is being written now (a freeze sets it false). */
  public boolean writing(String jobId) {
    return job(jobId).writing();
  }

  /** The job's delay in milliseconds now, or {@code null} before incremental replication. */
  public Long delayMillis(String jobId) {
    SimulatedJob job = job(jobId);
    job.advanceTo(clock.instant());
    return job.delayMillis();
  }

  /** True while the job exists (it has not been deleted). */
  public boolean exists(String jobId) {
    return jobs.containsKey(jobId);
  }

  private SimulatedJob job(String jobId) {
    SimulatedJob job = jobs.get(jobId);
    if (job == null) {
      throw new IllegalArgumentException("no simulated job " + jobId);
    }
    return job;
  }

  @Override
  public void close() {
    replicators.values().forEach(MarkerReplicator::close);
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- HTTP ----

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getRawPath();
      try {
        if (path.startsWith(CONTROL_PREFIX)) {
          handleControl(exchange, path, body);
        } else {
          handleDts(exchange, body);
        }
      } catch (RuntimeException e) {
        // A simulator bug answers like a DTS outage would, instead of dropping the connection.
        log.error("simulator failed on {}", exchange.getRequestURI(), e);
        if (exchange.getResponseCode() == -1) {
          sendJson(exchange, 500, httpError("simulator", "InternalError", e.toString()));
        }
      }
    }
  }

  private record Answer(int status, Map<String, Object> body, String code) {}

  private void handleDts(HttpExchange exchange, byte[] body) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
    String rawQuery = exchange.getRequestURI().getRawQuery();
    Map<String, String> params = new LinkedHashMap<>(SignatureVerifier.parseQuery(rawQuery));
    String contentType = headers.getOrDefault("content-type", "");
    if (contentType.startsWith("application/x-www-form-urlencoded") && body.length > 0) {
      params.putAll(SignatureVerifier.parseQuery(new String(body, StandardCharsets.UTF_8)));
    }
    String action = headers.getOrDefault("x-acs-action", params.get("Action"));
    String jobId = params.get("DtsJobId");
    String regionId = params.getOrDefault("RegionId", params.get("Region"));
    String requestId = UUID.randomUUID().toString().toUpperCase(Locale.ROOT);

    SignatureVerifier.Result verdict =
        signatures.verify(
            new SignatureVerifier.SignedRequest(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                rawQuery,
                headers,
                body));
    if (verdict instanceof SignatureVerifier.Rejection rejection) {
      record(action, jobId, regionId, null, 403, rejection.code(), requestId);
      sendJson(exchange, 403, httpError(requestId, rejection.code(), rejection.message()));
      return;
    }
    String accessKeyId = ((SignatureVerifier.Accepted) verdict).accessKeyId();
    String token = headers.get("x-acs-security-token");
    if (token != null && expiredTokens.contains(token)) {
      record(action, jobId, regionId, accessKeyId, 403, "InvalidSecurityToken.Expired", requestId);
      sendJson(
          exchange,
          403,
          httpError(
              requestId, "InvalidSecurityToken.Expired", "Specified SecurityToken is expired."));
      return;
    }

    if (overRateLimit(accessKeyId, regionId, action)) {
      record(action, jobId, regionId, accessKeyId, 400, "Throttling.User", requestId);
      sendJson(
          exchange,
          400,
          httpError(requestId, "Throttling.User", "Request was denied due to user flow control."));
      return;
    }
    ActiveFault fault = claimFault(action, jobId);
    if (fault != null && fault.spec().kind() == FaultKind.SLOW) {
      sleep(fault.spec().delayMillis() == null ? 2000 : fault.spec().delayMillis());
      fault = null;
    }
    if (fault != null && fault.spec().kind() == FaultKind.MALFORMED) {
      record(action, jobId, regionId, accessKeyId, 200, "Malformed", requestId);
      byte[] html = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html");
      exchange.sendResponseHeaders(200, html.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(html);
      }
      return;
    }
    if (fault != null && fault.spec().kind() == FaultKind.RAW) {
      int status = fault.spec().effectiveStatus();
      record(action, jobId, regionId, accessKeyId, status, "Raw", requestId);
      byte[] raw = fault.spec().body().getBytes(StandardCharsets.UTF_8);
      exchange
          .getResponseHeaders()
          .set(
              "Content-Type",
              fault.spec().body().stripLeading().startsWith("{")
                  ? "application/json;charset=utf-8"
                  : "text/html");
      exchange.sendResponseHeaders(status, raw.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(raw);
      }
      return;
    }
    if (fault != null && fault.spec().kind() == FaultKind.LOST_ANSWER) {
      Answer applied = answer(action, params, requestId);
      record(action, jobId, regionId, accessKeyId, applied.status(), "AnswerLost", requestId);
      if (fault.spec().delayMillis() == null) {
        return; // closing the exchange before any answer drops the connection
      }
      sleep(fault.spec().delayMillis());
      sendJson(exchange, applied.status(), applied.body());
      return;
    }
    Answer answer;
    if (fault != null) {
      FaultSpec spec = fault.spec();
      answer =
          error(requestId, spec.effectiveStatus(), spec.effectiveCode(), spec.effectiveMessage());
    } else {
      answer = answer(action, params, requestId);
    }
    record(action, jobId, regionId, accessKeyId, answer.status(), answer.code(), requestId);
    sendJson(exchange, answer.status(), answer.body());
  }

  private ActiveFault claimFault(String action, String jobId) {
    for (ActiveFault fault : faults) {
      if (fault.spec().matches(action, jobId) && fault.claim()) {
        if (fault.usedUp()) {
          faults.remove(fault);
        }
        return fault;
      }
    }
    return null;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void record(
      String action,
      String jobId,
      String regionId,
      String accessKeyId,
      int status,
      String code,
      String requestId) {
    calls.add(
        new SimCall(
            callSeq.incrementAndGet(),
            clock.instant(),
            action == null ? "(none)" : action,
            jobId,
            regionId,
            accessKeyId,
            status,
            code,
            requestId));
  }

  // ---- DTS actions ----

  private Answer answer(String action, Map<String, String> params, String requestId) {
    if (action == null) {
      return error(requestId, 400, "MissingAction", "The input parameter Action is missing.");
    }
    return switch (action) {
      case "DescribeDtsJobDetail" -> describe(params, requestId);
      case "DescribeDtsJobs" -> list(params, requestId);
      case "StopDtsJob" ->
          change(
              params,
              requestId,
              job -> job.stop(clock.instant()),
              "is stopping or Finished: it cannot be stopped again");
      case "SuspendDtsJob" ->
          change(params, requestId, job -> job.suspend(clock.instant()), "is not running");
      case "StartDtsJob" ->
          change(params, requestId, job -> job.start(clock.instant()), "is Finished");
      case "DeleteDtsJob" -> delete(params, requestId);
      case "DescribeDataCheckTableDetails" -> dataCheck(params, requestId);
      default ->
          error(
              requestId,
              404,
              "InvalidAction.NotFound",
              "Specified api is not found, please check your url and method.");
    };
  }

  /** The job a request names, or the error DTS answers instead. */
  private record Located(SimulatedJob job, Answer error) {}

  /** DTS's answer to a call without the required parameter {@code name}. */
  private Located missing(String requestId, String name) {
    return new Located(
        null,
        businessError(
            requestId, "InvalidParameter", "The parameter %s is invalid.", name + " is required"));
  }

  private Located locate(Map<String, String> params, String requestId, boolean notFoundOnHttp) {
    String regionId = params.getOrDefault("RegionId", params.get("Region"));
    if (regionId == null || regionId.isBlank()) {
      return missing(requestId, "RegionId");
    }
    String jobId = params.get("DtsJobId");
    if (jobId == null || jobId.isBlank()) {
      return missing(requestId, "DtsJobId");
    }
    SimulatedJob job = jobs.get(jobId);
    if (job == null || !job.regionId().equals(regionId)) {
      if (notFoundOnHttp) {
        return new Located(
            null,
            error(
                requestId,
                403,
                "Forbidden.InstanceNotFound",
                "The specified instance " + jobId + " is not found in " + regionId + "."));
      }
      return new Located(
          null,
          businessError(
              requestId,
              "InvalidJobId",
              "The specified job %s does not exist.",
              jobId + " in " + regionId));
    }
    job.advanceTo(clock.instant());
    return new Located(job, null);
  }

  private Answer describe(Map<String, String> params, String requestId) {
    Located found = locate(params, requestId, false);
    if (found.error() != null) {
      return found.error();
    }
    Map<String, Object> body = found.job().detail(scenario.delayUnit());
    body.put("RequestId", requestId);
    body.put("HttpStatusCode", 200);
    body.put("Success", true);
    return new Answer(200, body, "OK");
  }

  private Answer list(Map<String, String> params, String requestId) {
    String regionId = params.getOrDefault("RegionId", params.get("Region"));
    String jobId = params.get("DtsJobId");
    String status = params.get("Status");
    List<Map<String, Object>> items = new ArrayList<>();
    jobs.values().stream()
        .sorted(Comparator.comparing(SimulatedJob::jobId))
        .filter(job -> regionId == null || job.regionId().equals(regionId))
        .filter(job -> jobId == null || job.jobId().equals(jobId))
        .forEach(
            job -> {
              job.advanceTo(clock.instant());
              if (status == null || job.status().equalsIgnoreCase(status)) {
                items.add(job.listItem(scenario.delayUnit()));
              }
            });
    List<Map<String, Object>> page = page(items, params);
    Map<String, Object> body = success(requestId).body();
    body.put("TotalRecordCount", items.size());
    body.put("PageNumber", parseInt(params.get("PageNumber"), 1));
    body.put("PageRecordCount", page.size());
    body.put("DtsJobList", page);
    return new Answer(200, body, "OK");
  }

  /** The page {@code PageNumber} (default 1) of {@code PageSize} (default 20) items. */
  private static List<Map<String, Object>> page(
      List<Map<String, Object>> items, Map<String, String> params) {
    int pageSize = parseInt(params.get("PageSize"), 20);
    int pageNumber = parseInt(params.get("PageNumber"), 1);
    int from = Math.min(items.size(), Math.max(0, (pageNumber - 1) * pageSize));
    int to = Math.min(items.size(), from + Math.max(1, pageSize));
    return items.subList(from, to);
  }

  /**
   * {@code DescribeDataCheckTableDetails}: the job's scripted tables of one {@code CheckType}, one
   * page. The action takes no {@code RegionId} (the endpoint is the region's), so the job is found
   * by its id alone.
   */
  private Answer dataCheck(Map<String, String> params, String requestId) {
    String jobId = params.get("DtsJobId");
    if (jobId == null || jobId.isBlank()) {
      return businessError(
          requestId, "InvalidParameter", "The parameter %s is invalid.", "DtsJobId is required");
    }
    int checkType = parseInt(params.get("CheckType"), 0);
    if (checkType != 1 && checkType != 2) {
      return businessError(
          requestId,
          "InvalidParameter",
          "The parameter %s is invalid.",
          "CheckType must be 1 (full) or 2 (incremental)");
    }
    SimulatedJob job = jobs.get(jobId);
    if (job == null) {
      return businessError(
          requestId, "InvalidJobId", "The specified job %s does not exist.", jobId);
    }
    java.time.Instant now = clock.instant();
    List<Map<String, Object>> all = job.dataCheckTables(checkType, null, now);
    List<Map<String, Object>> items = job.dataCheckTables(checkType, params.get("Status"), now);
    Map<String, Object> body = success(requestId).body();
    body.put("TotalCount", items.size());
    body.put("PageNumber", parseInt(params.get("PageNumber"), 1));
    body.put("FinishedCount", all.stream().filter(t -> "0".equals(t.get("Status"))).count());
    body.put(
        "DiffTableCount",
        all.stream().filter(t -> ((Number) t.get("DiffCount")).longValue() > 0).count());
    body.put("TableDetails", page(items, params));
    return new Answer(200, body, "OK");
  }

  private static int parseInt(String value, int fallback) {
    try {
      return value == null ? fallback : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private interface JobChange {
    boolean apply(SimulatedJob job);
  }

  private Answer change(
      Map<String, String> params, String requestId, JobChange change, String refusal) {
    Located found = locate(params, requestId, false);
    if (found.error() != null) {
      return found.error();
    }
    SimulatedJob job = found.job();
    if (!change.apply(job)) {
      return businessError(
          requestId,
          "OperationDenied.JobStatus",
          "The job %s.",
          job.jobId() + " (status " + job.status() + ") " + refusal);
    }
    return success(requestId);
  }

  private Answer delete(Map<String, String> params, String requestId) {
    Located found = locate(params, requestId, true);
    if (found.error() != null) {
      return found.error();
    }
    SimulatedJob job = found.job();
    if (job.prePaid()) {
      return businessError(
          requestId,
          "OperationDenied.PrePaidInstance",
          "The instance %s is a subscription (PrePaid) instance and cannot be released by API.",
          job.jobId());
    }
    jobs.remove(job.jobId());
    return success(requestId);
  }

  private static Answer success(String requestId) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("RequestId", requestId);
    body.put("HttpStatusCode", 200);
    body.put("Success", true);
    return new Answer(200, body, "OK");
  }

  /** The HTTP error channel when {@code status} is not 200, the body channel otherwise. */
  private static Answer error(String requestId, int status, String code, String message) {
    if (status == 200) {
      return businessError(requestId, code, message, null);
    }
    return new Answer(status, httpError(requestId, code, message), code);
  }

  private static Answer businessError(
      String requestId, String code, String message, String dynamicMessage) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("RequestId", requestId);
    body.put("HttpStatusCode", 400);
    body.put("Success", false);
    body.put("ErrCode", code);
    body.put("ErrMessage", message);
    if (dynamicMessage != null) {
      body.put("DynamicMessage", dynamicMessage);
    }
    return new Answer(200, body, code);
  }

  private static Map<String, Object> httpError(String requestId, String code, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("RequestId", requestId);
    body.put("HostId", "dts.simulator.local");
    body.put("Code", code);
    body.put("Message", message);
    return body;
  }

  // ---- control endpoints ----

  private void handleControl(HttpExchange exchange, String path, byte[] body) throws IOException {
    String method = exchange.getRequestMethod();
    String[] parts = path.substring(CONTROL_PREFIX.length()).split("/");
    if (parts.length == 1 && parts[0].equals("calls")) {
      if (method.equals("DELETE")) {
        clearCalls();
        sendJson(exchange, 200, Map.of("cleared", true));
      } else {
        sendJson(exchange, 200, calls());
      }
      return;
    }
    if (parts.length == 1 && parts[0].equals("faults")) {
      switch (method) {
        case "POST" -> {
          FaultSpec fault;
          try {
            fault = json.readValue(body, FaultSpec.class);
            addFault(fault);
          } catch (IOException | IllegalArgumentException e) {
            sendJson(exchange, 400, controlError("invalid fault: " + e.getMessage()));
            return;
          }
          sendJson(exchange, 200, Map.of("added", fault));
        }
        case "DELETE" -> {
          clearFaults();
          sendJson(exchange, 200, Map.of("cleared", true));
        }
        default -> sendJson(exchange, 200, faults.stream().map(ActiveFault::spec).toList());
      }
      return;
    }
    if (parts.length == 2
        && parts[0].equals("tokens")
        && parts[1].equals("expired")
        && method.equals("POST")) {
      JsonNode parsed = parseJson(body);
      JsonNode token = parsed == null ? null : parsed.get("token");
      if (token == null || !token.isTextual() || token.asText().isBlank()) {
        sendJson(exchange, 400, controlError("body must be {\"token\": \"<STS token>\"}"));
        return;
      }
      expireSecurityToken(token.asText());
      sendJson(exchange, 200, Map.of("expired", true));
      return;
    }
    if (parts.length >= 1 && parts[0].equals("jobs")) {
      if (parts.length == 1) {
        List<Map<String, Object>> views = new ArrayList<>();
        jobs.values().stream()
            .sorted(Comparator.comparing(SimulatedJob::jobId))
            .forEach(
                job -> {
                  job.advanceTo(clock.instant());
                  views.add(job.controlView(scenario.delayUnit()));
                });
        sendJson(exchange, 200, views);
        return;
      }
      SimulatedJob job = jobs.get(parts[1]);
      if (job == null) {
        sendJson(exchange, 404, controlError("no simulated job " + parts[1]));
        return;
      }
      if (parts.length == 2 && method.equals("GET")) {
        job.advanceTo(clock.instant());
        sendJson(exchange, 200, job.controlView(scenario.delayUnit()));
        return;
      }
      if (parts.length == 3 && parts[2].equals("replication") && method.equals("POST")) {
        JsonNode parsed = parseJson(body);
        JsonNode flag = parsed == null ? null : parsed.get("replicating");
        MarkerReplicator replicator = replicators.get(job.jobId());
        if (flag == null || !flag.isBoolean() || replicator == null) {
          sendJson(
              exchange,
              400,
              controlError(
                  replicator == null
                      ? "job " + job.jobId() + " has no marker replication in the scenario"
                      : "body must be {\"replicating\": true|false}, got: " + preview(body)));
          return;
        }
        replicator.setReplicating(flag.asBoolean());
        record(path, job.jobId(), job.regionId(), null, 200, "OK", null);
        sendJson(exchange, 200, Map.of("jobId", job.jobId(), "replicating", flag.asBoolean()));
        return;
      }
      if (parts.length == 3 && parts[2].equals("writes") && method.equals("POST")) {
        Boolean writing = parseWriting(body);
        if (writing == null) {
          sendJson(
              exchange,
              400,
              controlError("body must be {\"writing\": true|false}, got: " + preview(body)));
          return;
        }
        job.setWriting(writing, clock.instant());
        record(path, job.jobId(), job.regionId(), null, 200, "OK", null);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jobId", job.jobId());
        answer.put("writing", writing);
        sendJson(exchange, 200, answer);
        return;
      }
    }
    sendJson(
        exchange,
        404,
        controlError(
            "unknown control endpoint "
                + method
                + " "
                + path
                + ": use /_sim/jobs, /_sim/jobs/{id}/writes, /_sim/jobs/{id}/replication, /_sim/calls, /_sim/faults or"
                + " /_sim/tokens/expired"));
  }

  private JsonNode parseJson(byte[] body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private Boolean parseWriting(byte[] body) {
    try {
      JsonNode node = json.readTree(body);
      JsonNode writing = node == null ? null : node.get("writing");
      return writing != null && writing.isBoolean() ? writing.booleanValue() : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String preview(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    return text.length() > 100 ? text.substring(0, 100) + "..." : text;
  }

  private static Map<String, Object> controlError(String message) {
    return Map.of("error", message);
  }

  private void sendJson(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a simulator answer", e);
    }
    exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
