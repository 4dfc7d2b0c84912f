package io.dtscutover.cli.wave;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.cli.request.FreezeStrategyConverter;
import io.dtscutover.cli.request.GateListConverter;
import io.dtscutover.cli.request.InstantConverter;
import io.dtscutover.cli.request.RequestDefaults;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.wave.WaveCommands;
import io.dtscutover.wave.WaveReport;
import io.dtscutover.wave.WaveRequest;
import io.dtscutover.wave.WaveWorkflow;
import io.dtscutover.wave.WaveWorkflowOptions;
import io.dtscutover.workflow.CutoverIds;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.RequestProblem;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover wave start}: validates a wave built from flags (every job, every problem named)
 * and starts it. With {@code --dry-run} it waits for every job's checks and prints each job's plan.
 */
@Command(
    defaultValueProvider = RequestDefaults.class,
    name = "start",
    mixinStandardHelpOptions = true,
    description = "Start a wave: cut many DTS jobs over together.",
    footerHeading = "%nExample:%n",
    footer = {
      "  cutover wave start --wave-id orders --freeze mysql-read-only \\",
      "      --job cn-hangzhou/dtsa=orders-a --job cn-hangzhou/dtsb=orders-b \\",
      "      --approvers bob,carol --two-person --as alice"
    })
class WaveStartCommand extends WaveVerb {
  @Option(
      names = "--wave-id",
      required = true,
      paramLabel = "WAVE",
      description = "Names the wave: workflow wave-<WAVE>, search attribute CutoverWaveId.")
  String waveId;

  @Option(
      names = "--job",
      paramLabel = "REGION/JOBID[=TARGET]",
      description =
          "A job of the wave, repeatable; =TARGET names its source database for the freeze.")
  List<String> jobs = new ArrayList<>();

  @Option(
      names = "--jobs-file",
      paramLabel = "FILE",
      description =
          "More jobs from a YAML file (jobs: - job: REGION/JOBID, with per-job freeze,"
              + " freezeTarget, quietWindow, pollInterval, catchUpTimeout, maxLagBeforeFreeze).")
  java.nio.file.Path jobsFile;

  @Option(
      names = "--freeze",
      paramLabel = "STRATEGY",
      converter = FreezeStrategyConverter.class,
      description =
          "How every job's writes stop: none, mysql-read-only, mysql-revoke, pg-read-only,"
              + " pg-revoke, sim (manual is not available in a wave).")
  FreezeStrategy freeze;

  @Option(
      names = "--freeze-target",
      paramLabel = "NAME",
      description = "The source database of every job that names none with =TARGET.")
  String freezeTarget;

  @Option(
      names = "--max-lag-before-freeze",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "Each job's lag must be at most this before the freeze (default: ${DEFAULT-VALUE}).")
  Duration maxLagBeforeFreeze;

  @Option(
      names = "--quiet-window",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Zero lag held this long, writes frozen (default: ${DEFAULT-VALUE}).")
  Duration quietWindow;

  @Option(
      names = "--poll-interval",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "Time between two DTS readings (default: ${DEFAULT-VALUE}).")
  Duration pollInterval;

  @Option(
      names = "--catch-up-timeout",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "How long each job may take to catch up (default: ${DEFAULT-VALUE}).")
  Duration catchUpTimeout;

  @Option(
      names = "--wait-for-incremental-timeout",
      paramLabel = "D",
      converter = DurationConverter.class,
      description = "How long to wait for a full load to end (default: ${DEFAULT-VALUE}).")
  Duration waitForIncrementalTimeout;

  @Option(
      names = "--max-freeze",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "The wave's freeze budget, from the first freeze: no source stays frozen longer before"
              + " the stop (default: ${DEFAULT-VALUE}).")
  Duration maxFreeze;

  @Option(
      names = "--require-approval",
      paramLabel = "GATES",
      converter = GateListConverter.class,
      description =
          "The wave gates that wait for a person: freeze,stop or none (default: freeze,stop).")
  Set<Gate> requireApproval;

  @Option(
      names = "--approvers",
      paramLabel = "NAMES",
      split = ",",
      description = "Who may decide the wave's gates (default: anyone).")
  List<String> approvers = new ArrayList<>();

  @Option(names = "--two-person", description = "The requester may not approve their own wave.")
  boolean twoPerson;

  @Option(
      names = "--gate-deadline",
      paramLabel = "D",
      converter = DurationConverter.class,
      description =
          "A wave gate not decided in this time aborts the wave (default: ${DEFAULT-VALUE}).")
  Duration gateDeadline;

  @Option(
      names = "--unfreeze-after-stop",
      description = "Make each source writable again after its job's stop.")
  boolean unfreezeAfterStop;

  @Option(
      names = "--dry-run",
      description = "Run every job's checks, print every job's plan; change nothing.")
  boolean dryRun;

  @Option(
      names = "--not-before",
      paramLabel = "T",
      converter = InstantConverter.class,
      description = "Maintenance window start (ISO-8601): no freeze before it.")
  Instant notBefore;

  @Option(
      names = "--not-after",
      paramLabel = "T",
      converter = InstantConverter.class,
      description = "Maintenance window end (ISO-8601).")
  Instant notAfter;

  @Option(
      names = "--as",
      paramLabel = "NAME",
      description = "Who requests the wave (default: $USER).")
  String requestedBy;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  WaveStartCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() throws InterruptedException {
    WaveRequest request = request();
    try (TemporalConnection temporal = connection.connect(environment)) {
      WaveWorkflow wave =
          temporal
              .client()
              .newWorkflowStub(
                  WaveWorkflow.class,
                  WaveWorkflowOptions.forRequest(
                          request, CutoverIds.taskQueue(environment.variables()))
                      .build());
      WorkflowExecution execution = WorkflowClient.start(wave::run, request);
      if (dryRun) {
        PrintWriter progress = json ? err() : out();
        progress.println("dry run " + execution.getWorkflowId() + ": every job runs its checks");
        progress.flush();
        WaveReport report = report(temporal, waveId);
        if (json) {
          out().println(JsonOutput.of(report));
        } else {
          WaveTable.print(out(), report);
        }
        return exitCode(report);
      }
      if (json) {
        out()
            .println(
                JsonOutput.of(
                    Map.of(
                        "workflowId", execution.getWorkflowId(), "runId", execution.getRunId())));
        return ExitCodes.OK;
      }
      PrintWriter out = out();
      out.println(
          "Started wave "
              + execution.getWorkflowId()
              + " of "
              + request.jobs().size()
              + " jobs, requested by "
              + request.requestedBy()
              + "; each job runs as its own cutover (cutover status --job-id ... --region ...).");
      out.println("Follow it:  cutover wave watch --wave-id " + waveId);
      for (Gate gate : List.of(Gate.FREEZE, Gate.STOP)) {
        if (request.approval().waitsForPerson(gate)) {
          out.println(
              "Its " + gate.cliName() + " gate waits for: " + WaveCommands.approve(waveId, gate));
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** The wave the flags describe, or a usage failure naming every problem. */
  WaveRequest request() {
    List<WaveJobsFile.Entry> entries = new ArrayList<>();
    for (String text : jobs) {
      entries.add(new WaveJobsFile.Entry(WaveJobFlag.parse(text), null, Map.of()));
    }
    if (jobsFile != null) {
      entries.addAll(WaveJobsFile.read(jobsFile));
    }
    if (entries.isEmpty()) {
      throw CliFailure.usage(
          "a wave needs jobs: pass --job REGION/JOBID[=TARGET] for each, or --jobs-file FILE");
    }
    String requester = requestedBy != null ? requestedBy : environment.get("USER");
    List<CutoverRequest> requests = new ArrayList<>();
    for (WaveJobsFile.Entry entry : entries) {
      WaveJobFlag job = entry.job();
      CutoverRequest.Builder builder =
          CutoverRequest.builder(job.jobId(), job.region())
              .freeze(
                  entry.freeze() == null ? freeze : WaveJobsFile.strategy(entry.freeze()),
                  job.freezeTarget() != null ? job.freezeTarget() : freezeTarget)
              .maxLagBeforeFreeze(maxLagBeforeFreeze)
              .quietWindow(quietWindow)
              .pollInterval(pollInterval)
              .catchUpTimeout(catchUpTimeout)
              .waitForIncrementalTimeout(waitForIncrementalTimeout)
              .maxFreeze(maxFreeze)
              .unfreezeAfterStop(unfreezeAfterStop)
              .window(notBefore, notAfter)
              .requestedBy(requester)
              .waveId(waveId);
      WaveJobsFile.apply(entry, builder);
      requests.add(builder.build());
    }
    Set<Gate> gates = EnumSet.noneOf(Gate.class);
    if (requireApproval == null) {
      gates.addAll(List.of(Gate.FREEZE, Gate.STOP));
    } else {
      gates.addAll(requireApproval);
      gates.remove(Gate.DELETE);
    }
    ApprovalPolicy approval =
        new ApprovalPolicy(
            gates, List.copyOf(approvers), twoPerson, gateDeadline, Map.of(), Set.of());
    WaveRequest request = new WaveRequest(waveId, requests, approval, maxFreeze, requester, dryRun);
    List<RequestProblem> problems = request.problems();
    if (!problems.isEmpty()) {
      throw CliFailure.usage(
          "invalid wave: "
              + String.join("; ", problems.stream().map(RequestProblem::toString).toList()));
    }
    return request;
  }
}
