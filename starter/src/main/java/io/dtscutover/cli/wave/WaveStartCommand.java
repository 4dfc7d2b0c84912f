package io.dtscutover.cli.wave;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.cli.request.RequestDefaults;
import io.dtscutover.cli.request.SharedRequestOptions;
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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover wave start}: validates a wave built from flags (every job, every problem named)
 * and starts it. With {@code --dry-run} it waits for every job's checks and prints each job's plan.
 */
@Command(
    defaultValueProvider = RequestDefaults.class,
    // The shared flags, worded for a wave.
    resourceBundle = "io.dtscutover.cli.wave.WaveFlags",
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
  @Mixin SharedRequestOptions shared;

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
      if (shared.dryRun()) {
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
    String requester = shared.requester(environment);
    List<CutoverRequest> requests = new ArrayList<>();
    for (WaveJobsFile.Entry entry : entries) {
      WaveJobFlag job = entry.job();
      CutoverRequest.Builder builder =
          shared
              .applyTo(CutoverRequest.builder(job.jobId(), job.region()), null, environment)
              .freeze(
                  entry.freeze() == null ? shared.freeze() : WaveJobsFile.strategy(entry.freeze()),
                  job.freezeTarget() != null ? job.freezeTarget() : shared.freezeTarget())
              .waveId(waveId);
      WaveJobsFile.apply(entry, builder);
      requests.add(builder.build());
    }
    Set<Gate> gates = EnumSet.noneOf(Gate.class);
    if (shared.requireApproval() == null) {
      gates.addAll(List.of(Gate.FREEZE, Gate.STOP));
    } else {
      gates.addAll(shared.requireApproval());
      gates.remove(Gate.DELETE);
    }
    ApprovalPolicy approval = shared.approval(gates, Set.of());
    WaveRequest request =
        new WaveRequest(waveId, requests, approval, shared.maxFreeze(), requester, shared.dryRun());
    List<RequestProblem> problems = request.problems();
    if (!problems.isEmpty()) {
      throw CliFailure.usage(
          "invalid wave: "
              + String.join("; ", problems.stream().map(RequestProblem::toString).toList()));
    }
    return request;
  }
}
