package io.dtscutover.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.devstack.DevStack;
import io.dtscutover.devstack.EmbeddedTemporal;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.simulator.SimCall;
import io.dtscutover.wave.WaveReport;
import io.dtscutover.wave.WaveRequest;
import io.dtscutover.wave.WaveWorkflow;
import io.dtscutover.wave.WaveWorkflowOptions;
import io.dtscutover.worker.dts.DtsSettings;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.TimelineEntry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A 50-job wave on one worker, end to end: the embedded Temporal server, one worker with the real
 * workflows and activities, the Alibaba SDK against the DTS simulator (50 jobs in one region, one
 * access key, so every describe shares one rate limit), the {@code sim} freeze, no approvals.
 * Prints the DTS calls per second (mean and the busiest second, against the worker's describe rate
 * limit), the history events of the wave and of each job, and the time from "every job caught up"
 * (every job at its stop gate) to "every job stopped". Not part of the build (its name is not a
 * test's): run it on purpose, figures in {@code docs/waves.md}:
 *
 * <pre>mvn -pl starter -am test -Dtest=WaveBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * ({@code -Dwave.jobs=N} for another size.) It asserts only that the wave completed: timings vary
 * with the machine and are reported, not checked.
 */
class WaveBenchmark {
  private static final String REGION = "cn-hangzhou";

  @Test
  void fiftyJobsOnOneWorker() {
    int size = Integer.getInteger("wave.jobs", 50);
    List<JobSpec> specs = new ArrayList<>();
    List<CutoverRequest> jobs = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      String id = String.format("dtsbench%03d", i);
      specs.add(
          JobSpec.incremental(id, REGION)
              .withLag(1500, 0, 3000)
              .withWriting(true)
              .withStopDelayMillis(500));
      jobs.add(
          CutoverRequest.builder(id, REGION)
              .freeze(FreezeStrategy.SIM, null)
              .quietWindow(Duration.ofSeconds(3))
              .pollInterval(Duration.ofMillis(1000))
              .catchUpTimeout(Duration.ofMinutes(5))
              .requestedBy("bench")
              .build());
    }
    Scenario scenario =
        Scenario.of("bench-key", "bench-secret-0123456789", specs.toArray(JobSpec[]::new));
    try (DevStack stack =
        DevStack.start(new DevStack.Options(EmbeddedTemporal.freePort(), scenario, 0, Map.of()))) {
      WaveRequest request =
          new WaveRequest(
              "bench", jobs, ApprovalPolicy.noApprovals(), Duration.ofMinutes(10), "bench", false);
      WorkflowClient client = stack.client();
      WaveWorkflow wave =
          client.newWorkflowStub(
              WaveWorkflow.class,
              WaveWorkflowOptions.forRequest(request, stack.taskQueue()).build());
      long started = System.nanoTime();
      WorkflowClient.start(wave::run, request);
      WaveReport report = WorkflowStub.fromTyped(wave).getResult(WaveReport.class);
      Duration wall = Duration.ofNanos(System.nanoTime() - started);
      assertEquals(Outcome.COMPLETED, report.outcome(), report.message());

      // DTS's own API; the simulator's /_sim endpoints are the sim freeze's database stand-in.
      List<SimCall> calls =
          stack.simulator().calls().stream()
              .filter(call -> !call.action().startsWith("/_sim"))
              .toList();
      Map<Long, Long> describesPerSecond =
          calls.stream()
              .filter(call -> call.action().startsWith("Describe"))
              .collect(
                  Collectors.groupingBy(
                      call -> call.at().getEpochSecond(), TreeMap::new, Collectors.counting()));
      Instant first = calls.get(0).at();
      Instant last = calls.get(calls.size() - 1).at();
      double seconds = Math.max(1, Duration.between(first, last).toMillis()) / 1000.0;
      Map<Long, Long> perSecond =
          calls.stream()
              .collect(
                  Collectors.groupingBy(
                      call -> call.at().getEpochSecond(), TreeMap::new, Collectors.counting()));
      Map<String, Long> byAction =
          calls.stream()
              .collect(Collectors.groupingBy(SimCall::action, TreeMap::new, Collectors.counting()));
      List<Instant> describes =
          calls.stream()
              .filter(call -> call.action().startsWith("Describe"))
              .map(SimCall::at)
              .sorted()
              .toList();
      int slidingMax = 0;
      for (int from = 0, to = 0; to < describes.size(); to++) {
        while (Duration.between(describes.get(from), describes.get(to)).toMillis() >= 1000) {
          from++;
        }
        slidingMax = Math.max(slidingMax, to - from + 1);
      }
      int waveEvents = client.fetchHistory(request.workflowId()).getHistory().getEventsCount();
      IntSummaryStatistics childEvents =
          jobs.stream()
              .mapToInt(job -> client.fetchHistory(job.workflowId()).getHistory().getEventsCount())
              .summaryStatistics();
      Instant allCaughtUp = at(report, "every job reports AT_STOP_GATE");
      Instant allReady = at(report, "every job reports READY_TO_STOP");

      System.out.println("=== wave benchmark: " + size + " jobs, one worker, one region ===");
      System.out.println("wall time: " + wall.toMillis() + " ms");
      System.out.printf(
          "DTS calls: %d in %.1f s = %.1f/s mean, %d in the busiest second; describes: %d in the"
              + " busiest second (the worker's limits per key and region: DescribeDtsJobs %.0f/s,"
              + " DescribeDtsJobDetail %.0f/s)%n",
          calls.size(),
          seconds,
          calls.size() / seconds,
          perSecond.values().stream().mapToLong(Long::longValue).max().orElse(0),
          describesPerSecond.values().stream().mapToLong(Long::longValue).max().orElse(0),
          DtsSettings.DEFAULT_DESCRIBE_RATE,
          DtsSettings.rateOf("DescribeDtsJobDetail", DtsSettings.DEFAULT_DESCRIBE_RATE));
      System.out.println(
          "describes in any one-second window, as the simulator received them: at most "
              + slidingMax);
      System.out.println("DTS calls by action: " + byAction);
      System.out.println("history events: wave " + waveEvents + ", each job " + childEvents);
      System.out.println(
          "every job caught up -> every job ready (re-read): "
              + Duration.between(allCaughtUp, allReady).toMillis()
              + " ms; -> every job stopped (Finished): "
              + Duration.between(allCaughtUp, report.endedAt()).toMillis()
              + " ms");
      System.out.println("the wave's timeline, seconds after its start:");
      for (TimelineEntry entry : report.timeline()) {
        System.out.printf(
            "  +%6.1f s %s%n",
            Duration.between(report.startedAt(), entry.at()).toMillis() / 1000.0, entry.event());
      }
    }
  }

  private static Instant at(WaveReport report, String event) {
    return report.timeline().stream()
        .filter(entry -> entry.event().startsWith(event))
        .map(TimelineEntry::at)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no '" + event + "' in " + report.timeline()));
  }
}
