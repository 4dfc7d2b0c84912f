package io.dtscutover.bench;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.devstack.DevStack;
import io.dtscutover.devstack.EmbeddedTemporal;
import io.dtscutover.dts.AwaitResult;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.simulator.SimCall;
import io.dtscutover.worker.dts.DtsSettings;
import io.dtscutover.workflow.CutoverDataConverter;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.CutoverWorkflowOptions;
import io.dtscutover.workflow.Outcome;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark of docs/performance.md: one embedded Temporal server and the DTS simulator (with a
 * per-region rate limit) in this process, one worker in a child process, N ungated cutovers at
 * once, then the bare {@link TimerLoopWorkflow} baseline with as many polls on a fresh worker.
 * Prints one table. Not a test: timings belong here, not in {@code mvn verify}.
 *
 * <p>Arguments: {@code N[xR]...}, e.g. {@code 10 100 1000 1000x20} (N cutovers over R regions).
 * Environment: {@code BENCH_RATE} (the {@code DescribeDtsJobs} limit per region, default 20 as DTS
 * documents; {@code DescribeDtsJobDetail} gets twice that and the other actions together once that,
 * in the simulator and in the workers, as {@link DtsSettings#rateOf} scales them), {@code
 * BENCH_WORKERS} (worker processes, default 1: the cutovers are split between them round robin,
 * each on its own task queue, and each gets {@code DTS_DESCRIBE_RATE} = {@code BENCH_RATE} / that
 * number, as docs/performance.md says to size them), {@code BENCH_WINDOW} (quiet window seconds,
 * default 10), {@code BENCH_POLL} (poll seconds, default 1), {@code BENCH_TIMEOUT} (minutes per
 * run, default 15), {@code BENCH_XMX} (each worker's heap, default 512m), {@code
 * BENCH_WORKER_JAVA_OPTS} (more options for each worker's JVM, e.g. a flight recording), {@code
 * BENCH_BASELINE=0} (skip the baseline runs), {@code BENCH_TRACE} (a file to write every workflow
 * task of the run to: when the server scheduled it, when a worker took it, and why it was
 * scheduled, to see what fills the server's backlog).
 */
public final class CutoverBench {
  private static final String KEY = "bench-access-key";
  private static final String SECRET = "bench-secret-0123456789abcdef";

  private final double rate = Double.parseDouble(env("BENCH_RATE", "20"));
  private final Duration window = Duration.ofSeconds(Long.parseLong(env("BENCH_WINDOW", "10")));
  private final Duration poll = Duration.ofSeconds(Long.parseLong(env("BENCH_POLL", "1")));
  private final Duration timeout = Duration.ofMinutes(Long.parseLong(env("BENCH_TIMEOUT", "15")));
  private final String xmx = env("BENCH_XMX", "512m");
  private final int workers = Integer.parseInt(env("BENCH_WORKERS", "1"));

  /** One row of the table. */
  record Row(
      String run,
      int n,
      int completed,
      Duration wall,
      double cpuMsPerItem,
      long peakRssMb,
      Map<String, Double> callsPerCutover,
      long throttled,
      Map<String, Long> maxCallsInAnySecond,
      double eventsPerItem,
      Duration stopDelayP50,
      Duration stopDelayP99,
      Duration stopQueueP50,
      Duration stopQueueP99,
      String stopPath) {}

  public static void main(String[] args) throws Exception {
    CutoverBench bench = new CutoverBench();
    List<Row> rows = new ArrayList<>();
    for (String arg : args.length == 0 ? new String[] {"10", "100"} : args) {
      String[] parts = arg.split("x");
      int n = Integer.parseInt(parts[0]);
      int regions = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
      Row cutovers = bench.cutovers(n, regions);
      rows.add(cutovers);
      if (!"0".equals(env("BENCH_BASELINE", "1"))) {
        int polls = (int) Math.max(1, Math.round(medianDurationSeconds / bench.poll.toSeconds()));
        rows.add(bench.baseline(n, polls));
      }
      print(bench, rows);
    }
  }

  private static double medianDurationSeconds = 15;

  private Row cutovers(int n, int regions) throws Exception {
    JobSpec[] jobs = new JobSpec[n];
    for (int i = 0; i < n; i++) {
      String region =
          regions == 1 ? "cn-hangzhou" : String.format("bench-region-%02d", i % regions);
      jobs[i] =
          JobSpec.incremental(String.format("dtsbench%05d", i), region)
              .withLag(2000, 0, 1000)
              .withWriting(true);
    }
    Scenario scenario = Scenario.of(KEY, SECRET, jobs);
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(EmbeddedTemporal.freePort());
        DtsSimulator simulator = DtsSimulator.start(scenario, 0)) {
      simulator.setRateLimits(
          Map.of(
              "DescribeDtsJobs",
              DtsSettings.rateOf("DescribeDtsJobs", rate),
              "DescribeDtsJobDetail",
              DtsSettings.rateOf("DescribeDtsJobDetail", rate)),
          DtsSettings.rateOf(DtsSettings.OTHER_ACTIONS, rate));
      String queue = "bench-" + n + "x" + regions;
      Map<String, String> workerEnv =
          new HashMap<>(DevStack.simulatorEnvironment(scenario, simulator));
      workerEnv.put("DTS_DESCRIBE_RATE", Double.toString(rate / workers));
      List<ChildWorker> children = new ArrayList<>();
      try {
        for (int w = 0; w < workers; w++) {
          children.add(ChildWorker.start(temporal.address(), queue + "-w" + w, workerEnv, xmx));
        }
        WorkflowServiceStubs stubs = stubs(temporal);
        WorkflowClient client = client(stubs);
        Instant started = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < jobs.length; i++) {
          JobSpec job = jobs[i];
          CutoverRequest request =
              CutoverRequest.builder(job.jobId(), job.regionId())
                  .freeze(FreezeStrategy.SIM, null)
                  .maxLagBeforeFreeze(Duration.ofSeconds(5))
                  .quietWindow(window)
                  .pollInterval(poll)
                  .catchUpTimeout(timeout)
                  .waitForIncrementalTimeout(timeout)
                  .maxFreeze(timeout.plusMinutes(5))
                  .approval(ApprovalPolicy.noApprovals())
                  .requestedBy("bench")
                  .build()
                  .requireValid();
          WorkflowOptions options =
              CutoverWorkflowOptions.forRequest(request, queue + "-w" + (i % workers)).build();
          WorkflowClient.start(
              client.newWorkflowStub(CutoverWorkflow.class, options)::run, request);
          ids.add(options.getWorkflowId());
        }
        Map<String, CutoverReport> reports = results(client, ids, CutoverReport.class, started);
        Duration wall = Duration.between(started, Instant.now());
        long cpuMs = 0;
        long rssMb = 0;
        for (ChildWorker worker : children) {
          cpuMs += worker.cpuMillis();
          rssMb = Math.max(rssMb, worker.peakRssKb() / 1024);
        }
        int completed = 0;
        List<Double> durations = new ArrayList<>();
        for (CutoverReport report : reports.values()) {
          if (report != null && report.outcome() == Outcome.COMPLETED) {
            completed++;
            durations.add(Duration.between(report.startedAt(), report.endedAt()).toMillis() / 1e3);
          }
        }
        Collections.sort(durations);
        if (!durations.isEmpty()) {
          medianDurationSeconds = durations.get(durations.size() / 2);
        }
        // DTS actions only: the simulator also records its control calls (the sim freeze)
        List<SimCall> calls =
            simulator.calls().stream().filter(call -> !call.action().startsWith("/")).toList();
        Map<String, Double> perCutover = new TreeMap<>();
        long throttled = 0;
        Map<String, Instant> firstStop = new HashMap<>();
        for (SimCall call : calls) {
          perCutover.merge(call.action(), 1.0 / n, Double::sum);
          if ("Throttling.User".equals(call.code())) {
            throttled++;
          } else if ("StopDtsJob".equals(call.action())) {
            firstStop.putIfAbsent(call.jobId(), call.at());
          }
        }
        long events = 0;
        List<Long> delays = new ArrayList<>();
        List<Long> queued = new ArrayList<>();
        List<List<Long>> path = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          path.add(new ArrayList<>());
        }
        long slowestDelay = -1;
        String slowest = "";
        List<List<Long>> kinds = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          kinds.add(new ArrayList<>());
        }
        String tracePath = System.getenv("BENCH_TRACE");
        java.io.PrintWriter trace =
            tracePath == null
                ? null
                : new java.io.PrintWriter(Files.newBufferedWriter(Path.of(tracePath)));
        for (String id : ids) {
          List<HistoryEvent> history = client.fetchHistory(id).getEvents();
          events += history.size();
          if (trace != null) {
            traceWorkflowTasks(trace, "cutover", history, started);
            traceWorkflowTasks(
                trace, "guard", client.fetchHistory(id + "-freeze-guard").getEvents(), started);
          }
          AwaitResult held = quietWindow(history);
          String jobId = id.substring(id.lastIndexOf('-') + 1);
          Instant stop = firstStop.get(jobId);
          if (held != null && stop != null) {
            long delay = Duration.between(held.reading().observedAt(), stop).toMillis();
            delays.add(delay);
            if (delay > slowestDelay) {
              slowestDelay = delay;
              slowest =
                  describeTail(history, held.reading().observedAt(), stop)
                      + " its freeze guard meanwhile: "
                      + describeTail(
                          client.fetchHistory(id + "-freeze-guard").getEvents(),
                          held.reading().observedAt(),
                          stop);
            }
            queued.add(held.stopQueue() == null ? 0 : held.stopQueue().waited().toMillis());
            Instant waitEnded = completedAt(history);
            Instant stopScheduled = stopScheduledAt(history);
            Instant[] reading = finalReading(history);
            if (waitEnded != null && stopScheduled != null && reading != null) {
              path.get(0).add(Duration.between(held.reading().observedAt(), waitEnded).toMillis());
              path.get(1).add(Duration.between(waitEnded, reading[0]).toMillis());
              path.get(2).add(Duration.between(reading[0], reading[1]).toMillis());
              path.get(3).add(Duration.between(reading[1], reading[2]).toMillis());
              path.get(4).add(Duration.between(reading[2], stopScheduled).toMillis());
              path.get(5).add(Duration.between(stopScheduled, stop).toMillis());
              long[] spent = timeByKind(history, waitEnded, stopScheduled);
              for (int i = 0; i < 4; i++) {
                kinds.get(i).add(spent[i]);
              }
            }
          }
        }
        if (trace != null) {
          trace.close();
        }
        Collections.sort(delays);
        Collections.sort(queued);
        path.forEach(Collections::sort);
        kinds.forEach(Collections::sort);
        String stopPath =
            String.format(
                    "reading -> wait completed in history %s; -> final reading scheduled (workflow"
                        + " tasks, freeze check) %s; -> its start (dispatch to a slot) %s; -> its"
                        + " completion (limiter, DTS) %s; -> StopJob scheduled %s; -> StopDtsJob at"
                        + " DTS %s (p50 / p99 each)",
                    both(path.get(0)),
                    both(path.get(1)),
                    both(path.get(2)),
                    both(path.get(3)),
                    both(path.get(4)),
                    both(path.get(5)))
                + String.format(
                    "; from the wait's end to StopJob scheduled, summed per cutover: workflow tasks"
                        + " queued %s, workflow tasks running %s, activities queued %s, activities"
                        + " running %s",
                    both(kinds.get(0)), both(kinds.get(1)), both(kinds.get(2)), both(kinds.get(3)))
                + "; stops later than poll + 1 s after the window held: "
                + delays.stream().filter(d -> d > poll.toMillis() + 1000).count()
                + "; the slowest stop ("
                + slowestDelay
                + " ms), its history from the reading that ended the wait: "
                + slowest;
        stubs.shutdownNow();
        return new Row(
            "cutovers "
                + n
                + (regions > 1 ? " over " + regions + " regions" : " in 1 region")
                + (workers > 1 ? ", " + workers + " workers" : ""),
            n,
            completed,
            wall,
            cpuMs / (double) n,
            rssMb,
            perCutover,
            throttled,
            maxPerSecond(calls),
            events / (double) n,
            percentile(delays, 50),
            percentile(delays, 99),
            percentile(queued, 50),
            percentile(queued, 99),
            stopPath);
      } finally {
        closeAll(children);
      }
    }
  }

  private Row baseline(int n, int polls) throws Exception {
    try (EmbeddedTemporal temporal = EmbeddedTemporal.start(EmbeddedTemporal.freePort())) {
      String queue = "bench-baseline-" + n;
      Map<String, String> workerEnv = new HashMap<>();
      workerEnv.put("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY);
      workerEnv.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET);
      workerEnv.put("DTS_ENDPOINT", "http://127.0.0.1:9");
      try (ChildWorker worker = ChildWorker.start(temporal.address(), queue, workerEnv, xmx)) {
        WorkflowServiceStubs stubs = stubs(temporal);
        WorkflowClient client = client(stubs);
        Instant started = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String id = "baseline-" + i;
          WorkflowOptions options =
              WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(queue).build();
          WorkflowClient.start(
              client.newWorkflowStub(TimerLoopWorkflow.class, options)::loop, polls, poll);
          ids.add(id);
        }
        Map<String, Void> done = results(client, ids, Void.class, started);
        Duration wall = Duration.between(started, Instant.now());
        long events = 0;
        for (String id : ids) {
          events += client.fetchHistory(id).getEvents().size();
        }
        long cpuMs = worker.cpuMillis();
        long rssMb = worker.peakRssKb() / 1024;
        stubs.shutdownNow();
        return new Row(
            "timer loop " + n + " x " + polls + " polls",
            n,
            done.size(),
            wall,
            cpuMs / (double) n,
            rssMb,
            Map.of(),
            0,
            Map.of(),
            events / (double) n,
            null,
            null,
            null,
            null,
            null);
      }
    }
  }

  /**
   * The result of the quiet window's wait (the last CAUGHT_UP wait): its reading completed the wait
   * (read when the window's turn at the stop budget came), and its stop queue says how long it
   * waited for that turn.
   */
  private static AwaitResult quietWindow(List<HistoryEvent> history) {
    HistoryEvent completion = quietWindowCompletion(history);
    return completion == null
        ? null
        : CutoverDataConverter.INSTANCE.fromPayloads(
            0,
            Optional.of(completion.getActivityTaskCompletedEventAttributes().getResult()),
            AwaitResult.class,
            AwaitResult.class);
  }

  /** When the quiet window's wait completed (the last CAUGHT_UP wait's completion event). */
  private static Instant completedAt(List<HistoryEvent> history) {
    HistoryEvent completion = quietWindowCompletion(history);
    return completion == null ? null : time(completion);
  }

  /** The completion event of the last CAUGHT_UP wait, or null. */
  private static HistoryEvent quietWindowCompletion(List<HistoryEvent> history) {
    Long scheduled = null;
    HistoryEvent completion = null;
    for (HistoryEvent event : history) {
      if (event.hasActivityTaskScheduledEventAttributes()) {
        var attributes = event.getActivityTaskScheduledEventAttributes();
        if (attributes.getActivityType().getName().equals("AwaitCondition")
            && attributes.getInput().toString().contains("CAUGHT_UP")) {
          scheduled = event.getEventId();
        }
      }
      if (event.hasActivityTaskCompletedEventAttributes()
          && scheduled != null
          && event.getActivityTaskCompletedEventAttributes().getScheduledEventId() == scheduled) {
        completion = event;
      }
    }
    return completion;
  }

  /**
   * Where the time between the wait's end and StopJob scheduled went, in milliseconds: workflow
   * tasks scheduled -> started (queued) and started -> completed (running), activities scheduled ->
   * started and started -> completed (the guard's claim included, its update's workflow task in
   * it). Parallel activities are each counted, so the sums may exceed the interval.
   */
  private static long[] timeByKind(List<HistoryEvent> history, Instant from, Instant to) {
    long[] spent = new long[4];
    Map<Long, Instant> opened = new HashMap<>();
    for (HistoryEvent event : history) {
      Instant at = time(event);
      if (at.isAfter(to)) {
        break;
      }
      long id = event.getEventId();
      if (event.hasWorkflowTaskScheduledEventAttributes()
          || event.hasActivityTaskScheduledEventAttributes()) {
        opened.put(id, at);
      } else if (event.hasWorkflowTaskStartedEventAttributes()) {
        Instant scheduled =
            opened.remove(event.getWorkflowTaskStartedEventAttributes().getScheduledEventId());
        if (scheduled != null && !at.isBefore(from)) {
          spent[0] += Duration.between(max(scheduled, from), at).toMillis();
        }
        opened.put(id, at);
      } else if (event.hasWorkflowTaskCompletedEventAttributes()) {
        Instant started =
            opened.remove(event.getWorkflowTaskCompletedEventAttributes().getStartedEventId());
        if (started != null && !at.isBefore(from)) {
          spent[1] += Duration.between(max(started, from), at).toMillis();
        }
      } else if (event.hasActivityTaskStartedEventAttributes()) {
        long scheduledId = event.getActivityTaskStartedEventAttributes().getScheduledEventId();
        Instant scheduled = opened.remove(scheduledId);
        if (scheduled != null && !at.isBefore(from)) {
          spent[2] += Duration.between(max(scheduled, from), at).toMillis();
        }
        opened.put(-scheduledId, at);
      } else if (event.hasActivityTaskCompletedEventAttributes()) {
        Instant started =
            opened.remove(-event.getActivityTaskCompletedEventAttributes().getScheduledEventId());
        if (started != null && !at.isBefore(from)) {
          spent[3] += Duration.between(max(started, from), at).toMillis();
        }
      }
    }
    return spent;
  }

  /** The events from {@code from} to {@code to}, each as its offset from {@code from} and type. */
  /**
   * With {@code BENCH_TRACE}: one line per workflow task, "kind,scheduled ms,started ms,cause" (ms
   * since the run started; the cause is the event before the task was scheduled), to see what fills
   * the server's backlog.
   */
  private static void traceWorkflowTasks(
      java.io.PrintWriter trace, String kind, List<HistoryEvent> history, Instant started) {
    Map<Long, String> activityTypes = new HashMap<>();
    Map<Long, Long> scheduled = new HashMap<>();
    Map<Long, String> causes = new HashMap<>();
    String previous = "";
    for (HistoryEvent event : history) {
      String type = event.getEventType().name().replace("EVENT_TYPE_", "");
      if (event.hasActivityTaskScheduledEventAttributes()) {
        activityTypes.put(
            event.getEventId(),
            event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      }
      if (event.hasActivityTaskCompletedEventAttributes()) {
        type +=
            " "
                + activityTypes.get(
                    event.getActivityTaskCompletedEventAttributes().getScheduledEventId());
      }
      if (event.hasWorkflowTaskScheduledEventAttributes()) {
        scheduled.put(event.getEventId(), Duration.between(started, time(event)).toMillis());
        causes.put(event.getEventId(), previous);
      }
      if (event.hasWorkflowTaskStartedEventAttributes()) {
        long id = event.getWorkflowTaskStartedEventAttributes().getScheduledEventId();
        trace.printf(
            "%s,%d,%d,%s%n",
            kind,
            scheduled.getOrDefault(id, -1L),
            Duration.between(started, time(event)).toMillis(),
            causes.getOrDefault(id, ""));
      }
      previous = type;
    }
  }

  private static String describeTail(List<HistoryEvent> history, Instant from, Instant to) {
    StringBuilder tail = new StringBuilder();
    for (HistoryEvent event : history) {
      Instant at = time(event);
      if (!at.isBefore(from) && !at.isAfter(to)) {
        String type = event.getEventType().name().replace("EVENT_TYPE_", "");
        if (event.hasActivityTaskScheduledEventAttributes()) {
          type += " " + event.getActivityTaskScheduledEventAttributes().getActivityType().getName();
        }
        tail.append(String.format("+%d ms %s, ", Duration.between(from, at).toMillis(), type));
      }
    }
    return tail.toString();
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** When the first StopJob activity was scheduled. */
  private static Instant stopScheduledAt(List<HistoryEvent> history) {
    for (HistoryEvent event : history) {
      if (event.hasActivityTaskScheduledEventAttributes()
          && event
              .getActivityTaskScheduledEventAttributes()
              .getActivityType()
              .getName()
              .equals("StopJob")) {
        return time(event);
      }
    }
    return null;
  }

  /**
   * The reading right before the stop (the last DescribeJob scheduled before StopJob): when it was
   * scheduled, started and completed.
   */
  private static Instant[] finalReading(List<HistoryEvent> history) {
    HistoryEvent scheduled = null;
    Instant started = null;
    Instant completed = null;
    for (HistoryEvent event : history) {
      if (event.hasActivityTaskScheduledEventAttributes()) {
        String type = event.getActivityTaskScheduledEventAttributes().getActivityType().getName();
        if (type.equals("StopJob")) {
          break;
        }
        if (type.equals("DescribeJob")) {
          scheduled = event;
          started = null;
          completed = null;
        }
      }
      if (scheduled != null
          && event.hasActivityTaskStartedEventAttributes()
          && event.getActivityTaskStartedEventAttributes().getScheduledEventId()
              == scheduled.getEventId()) {
        started = time(event);
      }
      if (scheduled != null
          && event.hasActivityTaskCompletedEventAttributes()
          && event.getActivityTaskCompletedEventAttributes().getScheduledEventId()
              == scheduled.getEventId()) {
        completed = time(event);
      }
    }
    return scheduled == null || started == null || completed == null
        ? null
        : new Instant[] {time(scheduled), started, completed};
  }

  private static Instant time(HistoryEvent event) {
    return Instant.ofEpochSecond(
        event.getEventTime().getSeconds(), event.getEventTime().getNanos());
  }

  private static String both(List<Long> sorted) {
    Duration p50 = percentile(sorted, 50);
    return p50 == null ? "-" : seconds(p50) + " / " + seconds(percentile(sorted, 99));
  }

  private static void closeAll(List<ChildWorker> children) throws IOException {
    for (ChildWorker child : children) {
      child.close();
    }
  }

  /** Waits for every workflow's result on a few threads; a failed one maps to null. */
  private <T> Map<String, T> results(
      WorkflowClient client, List<String> ids, Class<T> type, Instant started)
      throws InterruptedException {
    Map<String, T> results = Collections.synchronizedMap(new HashMap<>());
    ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(ids);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    AtomicInteger finished = new AtomicInteger();
    Instant deadline = started.plus(timeout);
    for (int t = 0; t < 8; t++) {
      pool.execute(
          () -> {
            String id;
            while ((id = queue.poll()) != null) {
              WorkflowStub stub = client.newUntypedWorkflowStub(id);
              long left = Duration.between(Instant.now(), deadline).toMillis();
              try {
                results.put(id, stub.getResult(Math.max(1, left), TimeUnit.MILLISECONDS, type));
              } catch (Exception e) {
                results.put(id, null);
              }
              int count = finished.incrementAndGet();
              if (count % Math.max(1, ids.size() / 10) == 0) {
                System.err.printf(
                    "  %d/%d finished after %ds%n",
                    count, ids.size(), Duration.between(started, Instant.now()).toSeconds());
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(timeout.toMinutes() + 5, TimeUnit.MINUTES);
    return results;
  }

  /**
   * The most calls the simulator answered (not throttled) in any one second in one region, per
   * budget ({@link DtsSettings#budgetOf}): what DTS would count against each limit.
   */
  private static Map<String, Long> maxPerSecond(List<SimCall> calls) {
    Map<String, List<Instant>> byRegion = new HashMap<>();
    for (SimCall call : calls) {
      if (!"Throttling.User".equals(call.code())) {
        byRegion
            .computeIfAbsent(
                DtsSettings.budgetOf(call.action()) + "|" + call.regionId(), r -> new ArrayList<>())
            .add(call.at());
      }
    }
    Map<String, Long> max = new TreeMap<>();
    byRegion.forEach(
        (key, times) -> {
          Collections.sort(times);
          int from = 0;
          long most = 0;
          for (int to = 0; to < times.size(); to++) {
            while (Duration.between(times.get(from), times.get(to)).toMillis() >= 1000) {
              from++;
            }
            most = Math.max(most, to - from + 1);
          }
          max.merge(key.substring(0, key.indexOf('|')), most, Math::max);
        });
    return max;
  }

  private static Duration percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return null;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return Duration.ofMillis(sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))));
  }

  private static void print(CutoverBench bench, List<Row> rows) {
    System.out.printf(
        Locale.ROOT,
        "%nlimits per region (simulator): DescribeDtsJobs %.0f/s, DescribeDtsJobDetail %.0f/s,"
            + " other actions %.0f/s; %d worker(s) with DTS_DESCRIBE_RATE %.1f; quiet window %s,"
            + " poll %s, worker -Xmx%s, %d cores%n",
        bench.rate,
        DtsSettings.rateOf("DescribeDtsJobDetail", bench.rate),
        DtsSettings.rateOf(DtsSettings.OTHER_ACTIONS, bench.rate),
        bench.workers,
        bench.rate / bench.workers,
        bench.window,
        bench.poll,
        bench.xmx,
        Runtime.getRuntime().availableProcessors());
    System.out.println(
        "| run | completed | wall | worker CPU ms/item | peak RSS MB | DTS calls per cutover |"
            + " throttled | max calls in 1 s per budget | events/item | stop delay p50 / p99 |"
            + " queued for the stop budget p50 / p99 |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (Row row : rows) {
      StringBuilder calls = new StringBuilder();
      row.callsPerCutover()
          .forEach(
              (action, count) ->
                  calls
                      .append(calls.length() == 0 ? "" : ", ")
                      .append(action)
                      .append(' ')
                      .append(String.format(Locale.ROOT, "%.2f", count)));
      System.out.printf(
          Locale.ROOT,
          "| %s | %d/%d | %.1f s | %.0f | %d | %s | %d | %s | %.1f | %s | %s |%n",
          row.run(),
          row.completed(),
          row.n(),
          row.wall().toMillis() / 1e3,
          row.cpuMsPerItem(),
          row.peakRssMb(),
          calls.length() == 0 ? "-" : calls,
          row.throttled(),
          row.maxCallsInAnySecond().isEmpty() ? "-" : row.maxCallsInAnySecond().toString(),
          row.eventsPerItem(),
          row.stopDelayP50() == null
              ? "-"
              : seconds(row.stopDelayP50()) + " / " + seconds(row.stopDelayP99()),
          row.stopQueueP50() == null
              ? "-"
              : seconds(row.stopQueueP50()) + " / " + seconds(row.stopQueueP99()));
    }
    for (Row row : rows) {
      if (row.stopPath() != null) {
        System.out.println("stop path, " + row.run() + ": " + row.stopPath());
      }
    }
    System.out.flush();
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.2f s", d.toMillis() / 1e3);
  }

  private static WorkflowServiceStubs stubs(EmbeddedTemporal temporal) {
    return WorkflowServiceStubs.newConnectedServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build(),
        Duration.ofSeconds(10));
  }

  private static WorkflowClient client(WorkflowServiceStubs stubs) {
    return WorkflowClient.newInstance(
        stubs,
        WorkflowClientOptions.newBuilder()
            .setNamespace(EmbeddedTemporal.NAMESPACE)
            .setDataConverter(CutoverDataConverter.INSTANCE)
            .build());
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** The worker in its own JVM, so its CPU time and memory are its own. */
  static final class ChildWorker implements AutoCloseable {
    private final Process process;

    private ChildWorker(Process process) {
      this.process = process;
    }

    static ChildWorker start(
        String address, String queue, Map<String, String> environment, String xmx)
        throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-Xmx" + xmx);
      String extra = env("BENCH_WORKER_JAVA_OPTS", "");
      if (!extra.isBlank()) {
        command.addAll(List.of(extra.trim().split("\\s+")));
      }
      command.addAll(
          List.of(
              "-cp", System.getProperty("java.class.path"), BenchWorker.class.getName(), address));
      command.add(queue);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      builder.redirectError(ProcessBuilder.Redirect.appendTo(Path.of("bench-worker.log").toFile()));
      Process process = builder.start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals("READY")) {
        // the worker's start-up output
      }
      if (line == null) {
        throw new IllegalStateException("the bench worker did not start: see bench-worker.log");
      }
      return new ChildWorker(process);
    }

    /** User plus system CPU time of the worker process so far. */
    long cpuMillis() throws IOException {
      String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 10; // USER_HZ is 100 on Linux
    }

    /** The worker's peak resident set (VmHWM). */
    long peakRssKb() throws IOException {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return 0;
    }

    @Override
    public void close() throws IOException {
      process.getOutputStream().close();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
