package io.dtscutover.cli.view;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.ConnectionOptions;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.cli.JsonOutput;
import io.dtscutover.cli.TemporalConnection;
import io.dtscutover.workflow.CutoverSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.filter.v1.StartTimeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.common.converter.DataConverter;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover list}: cutovers with their phase, newest first. A full Temporal server answers a
 * visibility query; the embedded one has no visibility queries, so the open and closed listings are
 * read instead and filtered here.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List cutovers with their phase, newest first.",
    footerHeading = "%nExample:%n",
    footer = {"  cutover list", "  cutover list --open --region cn-hangzhou --json"})
public final class ListCommand extends CliVerb {
  private static final String WORKFLOW_TYPE = "CutoverWorkflow";

  @Mixin ConnectionOptions connection;

  @Option(names = "--open", description = "Only cutovers that are still running.")
  boolean openOnly;

  @Option(names = "--region", paramLabel = "REGION", description = "Only cutovers in REGION.")
  String region;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "50",
      description = "At most N cutovers (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print a JSON array.")
  boolean json;

  ListCommand(CliEnvironment environment) {
    super(environment);
  }

  /** One line of the listing. */
  record Row(String workflowId, String status, String phase, Instant startedAt, Instant closedAt) {}

  @Override
  public Integer call() {
    if (limit < 1) {
      throw CliFailure.usage("--limit must be at least 1 (got " + limit + ")");
    }
    try (TemporalConnection temporal = connection.connect(environment)) {
      List<Row> rows;
      try {
        rows = visibilityQuery(temporal);
      } catch (RuntimeException e) {
        if (!unimplemented(e)) {
          throw e;
        }
        rows = openAndClosed(temporal);
      }
      rows =
          rows.stream()
              .filter(
                  row -> region == null || row.workflowId().startsWith("cutover-" + region + "-"))
              .sorted(Comparator.comparing(Row::startedAt).reversed())
              .limit(limit)
              .toList();
      print(rows);
      return ExitCodes.OK;
    }
  }

  private List<Row> visibilityQuery(TemporalConnection temporal) {
    StringBuilder query = new StringBuilder("WorkflowType = '" + WORKFLOW_TYPE + "'");
    if (openOnly) {
      query.append(" AND ExecutionStatus = 'Running'");
    }
    if (region != null) {
      query
          .append(" AND ")
          .append(CutoverSearchAttributes.REGION.getName())
          .append(" = '")
          .append(region.replace("'", ""))
          .append("'");
    }
    return temporal
        .client()
        .listExecutions(query.toString())
        .limit(limit)
        .map(ListCommand::row)
        .collect(Collectors.toCollection(ArrayList::new));
  }

  private List<Row> openAndClosed(TemporalConnection temporal) {
    DataConverter converter = temporal.client().getOptions().getDataConverter();
    StartTimeFilter allTime =
        StartTimeFilter.newBuilder()
            .setEarliestTime(com.google.protobuf.util.Timestamps.fromMillis(0))
            .setLatestTime(
                com.google.protobuf.util.Timestamps.fromMillis(
                    System.currentTimeMillis() + Duration.ofDays(1).toMillis()))
            .build();
    List<WorkflowExecutionInfo> infos =
        new ArrayList<>(
            temporal
                .stubs()
                .blockingStub()
                .listOpenWorkflowExecutions(
                    ListOpenWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(temporal.namespace())
                        .setMaximumPageSize(1000)
                        .setStartTimeFilter(allTime)
                        .build())
                .getExecutionsList());
    if (!openOnly) {
      infos.addAll(
          temporal
              .stubs()
              .blockingStub()
              .listClosedWorkflowExecutions(
                  ListClosedWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(temporal.namespace())
                      .setMaximumPageSize(1000)
                      .setStartTimeFilter(allTime)
                      .build())
              .getExecutionsList());
    }
    // These listings carry no search attributes: ask each run (few, on an embedded server).
    return infos.stream()
        .filter(info -> WORKFLOW_TYPE.equals(info.getType().getName()))
        .map(info -> row(new WorkflowExecutionMetadata(describe(temporal, info), converter)))
        .collect(Collectors.toCollection(ArrayList::new));
  }

  private static WorkflowExecutionInfo describe(
      TemporalConnection temporal, WorkflowExecutionInfo listed) {
    try {
      return temporal
          .stubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace(temporal.namespace())
                  .setExecution(listed.getExecution())
                  .build())
          .getWorkflowExecutionInfo();
    } catch (StatusRuntimeException gone) {
      return listed;
    }
  }

  private static Row row(WorkflowExecutionMetadata metadata) {
    String phase = null;
    try {
      phase = metadata.getTypedSearchAttributes().get(CutoverSearchAttributes.PHASE);
    } catch (RuntimeException unreadable) {
      // An attribute of another type under the same name: show no phase rather than fail.
    }
    return new Row(
        metadata.getExecution().getWorkflowId(),
        status(metadata.getStatus()),
        phase,
        metadata.getStartTime(),
        metadata.getCloseTime());
  }

  private static String status(WorkflowExecutionStatus status) {
    return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT);
  }

  private static boolean unimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException grpc
          && grpc.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }

  private void print(List<Row> rows) {
    PrintWriter out = out();
    if (json) {
      out.println(JsonOutput.of(rows));
      return;
    }
    if (rows.isEmpty()) {
      out.println("no cutovers" + (openOnly ? " running" : "") + " on this namespace");
      return;
    }
    String format = "%-48s %-11s %-22s %s%n";
    out.printf(format, "WORKFLOW ID", "STATUS", "PHASE", "STARTED");
    for (Row row : rows) {
      out.printf(
          format,
          row.workflowId(),
          row.status(),
          row.phase() == null ? "-" : row.phase(),
          row.startedAt());
    }
  }
}
