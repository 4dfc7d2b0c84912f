package io.dtscutover.cli.stack;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.CommandHints;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.cli.request.ProofModeConverter;
import io.dtscutover.cli.view.CutoverFollower;
import io.dtscutover.cli.view.CutoverProgress;
import io.dtscutover.cli.view.ReportView;
import io.dtscutover.devstack.DevStack;
import io.dtscutover.devstack.EmbeddedTemporal;
import io.dtscutover.devstack.MarkerDemoDatabases;
import io.dtscutover.devstack.Scenarios;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.proof.ProofMode;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverStatus;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.CutoverWorkflowOptions;
import io.dtscutover.workflow.GateAction;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cutover demo}: a whole cutover on one machine, with nothing to install and no cloud
 * account. Starts the embedded Temporal server, the DTS simulator playing the bundled scenario and
 * a worker, then cuts over the scenario's incremental job with the {@code sim} freeze, approving
 * each gate as a named demo approver (or asking, with {@code --interactive}), and ends with the
 * report. Exits 0 when the cutover completed.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a whole cutover against the bundled DTS simulator, in this process: embedded Temporal,"
          + " simulator, worker, and a scripted cutover whose gates are approved by a demo"
          + " approver.",
      "Takes under a minute; nothing outside this process is touched."
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  cutover demo",
      "  cutover demo --interactive   # you approve or reject each gate",
      "  cutover demo --proof marker  # a marker row proves the catch-up (two embedded databases)",
      "  cutover demo --proof marker --lying-dts   # DTS says lag 0, the marker never arrives"
    })
public final class DemoCommand extends CliVerb {
  static final String JOB_ID = "dtsdemo01";
  static final String REQUESTER = "demo-requester";
  static final String APPROVER = "demo-approver";

  @Option(
      names = "--interactive",
      description = "Ask at each gate instead of approving as " + APPROVER + ".")
  boolean interactive;

  @Option(
      names = "--proof",
      paramLabel = "PROOF",
      converter = ProofModeConverter.class,
      defaultValue = "none",
      description =
          "marker: also prove catch-up with a marker row, written on one embedded PostgreSQL"
              + " (the source) and copied by the simulated DTS task into another (the"
              + " destination) (default: ${DEFAULT-VALUE}).")
  ProofMode proof;

  @Option(
      names = "--lying-dts",
      description =
          "With --proof marker: the simulated DTS task reports lag 0 but copies nothing; the"
              + " marker never arrives and the cutover aborts instead of stopping the task.")
  boolean lyingDts;

  @Option(
      names = "--refresh",
      paramLabel = "D",
      converter = DurationConverter.class,
      defaultValue = "500ms",
      hidden = true,
      description = "How often progress is read.")
  Duration refresh;

  DemoCommand(CliEnvironment environment) {
    super(environment);
  }

  @Override
  public Integer call() throws InterruptedException {
    if (lyingDts && proof != ProofMode.MARKER) {
      throw CliFailure.usage("--lying-dts shows what marker proof catches: add --proof marker");
    }
    if (proof != ProofMode.MARKER) {
      return run(StackParts.scenario(Scenarios.DEMO), environment.variables());
    }
    out().println("Starting two embedded PostgreSQL servers: the source and the destination...");
    out().flush();
    try (MarkerDemoDatabases databases = MarkerDemoDatabases.start()) {
      Map<String, String> variables = new HashMap<>(environment.variables());
      variables.putAll(databases.targets());
      out()
          .println(
              "  source       "
                  + MarkerDemoDatabases.SOURCE
                  + ", destination "
                  + MarkerDemoDatabases.DESTINATION
                  + ": table dts_cutover_marker on both"
                  + (lyingDts
                      ? "; the simulated DTS task will report lag 0 but copy NOTHING"
                      : "; the simulated DTS task copies it"));
      return run(
          StackParts.scenario(Scenarios.DEMO)
              .withMarkerReplication(databases.replication(JOB_ID, !lyingDts)),
          variables);
    }
  }

  private int run(Scenario scenario, Map<String, String> variables) throws InterruptedException {
    PrintWriter out = out();
    JobSpec job =
        scenario.jobs().stream().filter(j -> j.jobId().equals(JOB_ID)).findFirst().orElseThrow();
    out.println("dts-cutover demo");
    out.println(
        "Starting an embedded Temporal server, the DTS simulator and a worker in this process...");
    out.flush();
    // Free ports, so the demo never collides with a `cutover dev` already running.
    try (DevStack stack =
            StackParts.stack(
                new DevStack.Options(EmbeddedTemporal.freePort(), scenario, 0, variables));
        TemporalConnection temporal = connect(stack)) {
      out.println("  Temporal  " + stack.temporalAddress() + " (in memory)");
      out.println("  DTS       " + stack.simulator().baseUrl() + " (simulator, real Alibaba SDK)");
      out.println("  worker    task queue " + stack.taskQueue());
      CutoverRequest request = request(job, proof);
      out.println();
      out.println(
          "Cutting over job "
              + job.jobId()
              + " in "
              + job.regionId()
              + ": wait for low lag, gate freeze, freeze writes (sim), "
              + (proof == ProofMode.MARKER
                  ? "wait for zero lag, write a marker on "
                      + MarkerDemoDatabases.SOURCE
                      + " and wait to see it on "
                      + MarkerDemoDatabases.DESTINATION
                      + ", then zero lag held "
                  : "wait for zero lag held ")
              + DurationConverter.format(request.quietWindow())
              + ", gate stop, stop the task.");
      out.println(
          interactive
              ? "You decide each gate."
              : "Gates are approved by "
                  + APPROVER
                  + " (two-person rule: "
                  + REQUESTER
                  + " may not).");
      out.println();
      out.flush();
      WorkflowExecution execution =
          WorkflowClient.start(
              temporal
                      .client()
                      .newWorkflowStub(
                          CutoverWorkflow.class,
                          CutoverWorkflowOptions.forRequest(request, stack.taskQueue()).build())
                  ::run,
              request);
      CommandHints hints =
          new CommandHints(
              "cutover",
              "--job-id " + job.jobId() + " --region " + job.regionId(),
              execution.getRunId(),
              " --address " + stack.temporalAddress());
      CutoverFollower follower =
          new CutoverFollower(
              new CutoverProgress(temporal, execution.getWorkflowId()),
              out,
              hints,
              refresh,
              Clock.systemUTC());
      CutoverReport report =
          follower.follow(status -> decide(temporal, execution.getWorkflowId(), status)).report();
      out.println();
      ReportView.print(out, report);
      out.println();
      out.println(
          report.outcome().isSuccess()
              ? "Demo complete. Next: `./cutover dev --simulator demo` and drive one yourself (see"
                  + " README)."
              : "The demo cutover did not complete: " + report.message());
      return ExitCodes.of(report.outcome());
    }
  }

  /** The demo's request: short windows so the whole run takes well under a minute. */
  static CutoverRequest request(JobSpec job, ProofMode proof) {
    boolean marker = proof == ProofMode.MARKER;
    return CutoverRequest.builder(job.jobId(), job.regionId())
        .freeze(FreezeStrategy.SIM, null)
        .proof(
            proof,
            marker ? MarkerDemoDatabases.SOURCE : null,
            marker ? MarkerDemoDatabases.DESTINATION : null)
        .maxLagBeforeFreeze(Duration.ofSeconds(5))
        .quietWindow(Duration.ofSeconds(5))
        .pollInterval(Duration.ofSeconds(1))
        // With marker proof, a marker that never arrives ends the demo within half a minute.
        .catchUpTimeout(marker ? Duration.ofSeconds(25) : Duration.ofMinutes(2))
        .maxFreeze(Duration.ofMinutes(5))
        .approval(
            new ApprovalPolicy(
                EnumSet.of(Gate.FREEZE, Gate.STOP),
                List.of(APPROVER),
                true,
                Duration.ofMinutes(10),
                Map.of(),
                Set.of()))
        .requestedBy(REQUESTER)
        .build()
        .requireValid();
  }

  private boolean decide(TemporalConnection temporal, String workflowId, CutoverStatus status) {
    Gate gate = status.pendingGate();
    if (gate == null) {
      return true; // the sim freeze never waits for a manual confirmation
    }
    CutoverWorkflow workflow = temporal.client().newWorkflowStub(CutoverWorkflow.class, workflowId);
    if (interactive && !askYes("Approve gate " + gate.cliName() + "? [y/N] ")) {
      out().println("  rejecting gate " + gate.cliName() + " as " + APPROVER);
      workflow.reject(new GateAction(gate, APPROVER, null, "declined at the demo prompt"));
    } else {
      out().println("  approving gate " + gate.cliName() + " as " + APPROVER);
      workflow.approve(GateAction.of(gate, APPROVER, "demo"));
    }
    out().flush();
    return true;
  }

  private boolean askYes(String question) {
    out().print(question);
    out().flush();
    try {
      String answer = environment.input().readLine();
      return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
    } catch (IOException e) {
      return false;
    }
  }

  private static TemporalConnection connect(DevStack stack) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(stack.client().getWorkflowServiceStubs().getOptions());
    return new TemporalConnection(
        stubs,
        WorkflowClient.newInstance(stubs, stack.client().getOptions()),
        stack.temporalAddress(),
        EmbeddedTemporal.NAMESPACE);
  }
}
