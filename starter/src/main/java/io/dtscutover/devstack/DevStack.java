package io.dtscutover.devstack;

import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.Scenario;
import io.dtscutover.worker.CutoverComponents;
import io.dtscutover.worker.CutoverWorker;
import io.dtscutover.workflow.CutoverDataConverter;
import io.dtscutover.workflow.CutoverIds;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A whole cutover stack in one process: the embedded Temporal server, optionally the DTS simulator,
 * and a worker configured to call that simulator with the simulator's own access key. Used by
 * {@code cutover dev}, {@code cutover demo} and the end-to-end tests, so all three run the same
 * parts a user runs.
 *
 * <p>Closing it stops the worker first, then the simulator, then the server.
 */
public final class DevStack implements AutoCloseable {
  private final EmbeddedTemporal temporal;
  private final DtsSimulator simulator;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;
  private final CutoverWorker worker;

  private DevStack(
      EmbeddedTemporal temporal,
      DtsSimulator simulator,
      WorkflowServiceStubs stubs,
      WorkflowClient client,
      CutoverWorker worker) {
    this.temporal = temporal;
    this.simulator = simulator;
    this.stubs = stubs;
    this.client = client;
    this.worker = worker;
  }

  /**
   * What to start.
   *
   * @param temporalPort the embedded server's port
   * @param scenario the simulator's scenario, or {@code null} for no simulator (the worker then
   *     calls the DTS its environment names)
   * @param simulatorPort the simulator's port, 0 for any free one
   * @param environment the worker's environment (task queue, freeze targets, DTS settings)
   */
  public record Options(
      int temporalPort, Scenario scenario, int simulatorPort, Map<String, String> environment) {}

  /** Starts every part, or none: a part that fails to start closes the ones before it. */
  public static DevStack start(Options options) {
    EmbeddedTemporal temporal = EmbeddedTemporal.start(options.temporalPort());
    DtsSimulator simulator = null;
    WorkflowServiceStubs stubs = null;
    try {
      Map<String, String> workerEnvironment = new HashMap<>(options.environment());
      if (options.scenario() != null) {
        simulator = DtsSimulator.start(options.scenario(), options.simulatorPort());
        workerEnvironment.putAll(simulatorEnvironment(options.scenario(), simulator));
      }
      stubs =
          WorkflowServiceStubs.newConnectedServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(temporal.address()).build(),
              Duration.ofSeconds(10));
      WorkflowClient client =
          WorkflowClient.newInstance(
              stubs,
              WorkflowClientOptions.newBuilder()
                  .setNamespace(EmbeddedTemporal.NAMESPACE)
                  .setDataConverter(CutoverDataConverter.INSTANCE)
                  .build());
      CutoverWorker worker =
          CutoverWorker.start(
              client,
              CutoverIds.taskQueue(workerEnvironment),
              CutoverComponents.fromEnvironment(workerEnvironment));
      return new DevStack(temporal, simulator, stubs, client, worker);
    } catch (RuntimeException e) {
      if (stubs != null) {
        stubs.shutdownNow();
      }
      if (simulator != null) {
        simulator.close();
      }
      temporal.close();
      throw e;
    }
  }

  /**
   * The variables that point a worker at {@code simulator}: its endpoint and the scenario's first
   * access key, so both sides agree on the credentials without anyone typing them.
   */
  public static Map<String, String> simulatorEnvironment(
      Scenario scenario, DtsSimulator simulator) {
    Map.Entry<String, String> key = scenario.accessKeys().entrySet().iterator().next();
    Map<String, String> variables = new HashMap<>();
    variables.put("DTS_ENDPOINT", simulator.baseUrl());
    variables.put("ALIBABA_CLOUD_ACCESS_KEY_ID", key.getKey());
    variables.put("ALIBABA_CLOUD_ACCESS_KEY_SECRET", key.getValue());
    variables.put("ALIBABA_CLOUD_SECURITY_TOKEN", "");
    return variables;
  }

  /** {@code 127.0.0.1:<port>} of the embedded server. */
  public String temporalAddress() {
    return temporal.address();
  }

  /** The simulator, or {@code null} when none was asked for. */
  public DtsSimulator simulator() {
    return simulator;
  }

  /** A client on the embedded server's default namespace. */
  public WorkflowClient client() {
    return client;
  }

  /** The task queue the worker polls. */
  public String taskQueue() {
    return worker.taskQueue();
  }

  @Override
  public void close() {
    try {
      // The server and every workflow on it go away with the stack: no grace period to give.
      worker.close(Duration.ZERO);
    } finally {
      stubs.shutdownNow();
      if (simulator != null) {
        simulator.close();
      }
      temporal.close();
    }
  }
}
