package io.dtscutover.cli;

import com.uber.m3.tally.Scope;
import io.dtscutover.workflow.CutoverDataConverter;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How a command reaches Temporal: {@code --address} and {@code --namespace} over Temporal's
 * standard configuration ({@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code
 * TEMPORAL_PROFILE}, {@code TEMPORAL_API_KEY}, {@code TEMPORAL_TLS_*}, {@code temporal.toml}), so
 * the CLI connects wherever the {@code temporal} CLI does. Flags win over the profile.
 */
public final class ConnectionOptions {
  /** Where a local {@code cutover server} or {@code cutover dev} listens. */
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";

  public static final String DEFAULT_NAMESPACE = "default";

  /** How long to wait for the server's health check before calling it unreachable. */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  @Option(
      names = "--address",
      paramLabel = "HOST:PORT",
      description =
          "Temporal frontend address (env TEMPORAL_ADDRESS or profile; default "
              + DEFAULT_ADDRESS
              + ").")
  String address;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      description = "Temporal namespace (env TEMPORAL_NAMESPACE or profile; default default).")
  String namespace;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "Profile in temporal.toml (env TEMPORAL_PROFILE; default: default).")
  String profile;

  /** The profile after environment, file and flags are applied. */
  ClientConfigProfile resolve(CliEnvironment environment) {
    ClientConfigProfile loaded;
    try {
      LoadClientConfigProfileOptions.Builder load =
          LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(environment.variables());
      if (profile != null) {
        load.setConfigFileProfile(profile);
      }
      loaded = ClientConfigProfile.load(load.build());
    } catch (IOException | RuntimeException e) {
      throw CliFailure.usage(
          "cannot read the Temporal connection profile: "
              + e.getMessage()
              + "; fix temporal.toml (TEMPORAL_CONFIG_FILE) or pass --address");
    }
    ClientConfigProfile.Builder builder = loaded.toBuilder();
    if (address != null) {
      builder.setAddress(address);
    } else if (loaded.getAddress() == null || loaded.getAddress().isBlank()) {
      builder.setAddress(DEFAULT_ADDRESS);
    }
    if (namespace != null) {
      builder.setNamespace(namespace);
    } else if (loaded.getNamespace() == null || loaded.getNamespace().isBlank()) {
      builder.setNamespace(DEFAULT_NAMESPACE);
    }
    return builder.build();
  }

  /**
   * Connects and checks the server answers; an unreachable server is a {@link CliFailure} with exit
   * code 3 that says how to start one.
   */
  public TemporalConnection connect(CliEnvironment environment) {
    return connect(environment, null);
  }

  /**
   * Like {@link #connect(CliEnvironment)}, reporting the SDK's metrics (requests, polls, tasks)
   * into {@code metricsScope} when it is given.
   */
  public TemporalConnection connect(CliEnvironment environment, Scope metricsScope) {
    ClientConfigProfile resolved = resolve(environment);
    WorkflowServiceStubsOptions stubsOptions = resolved.toWorkflowServiceStubsOptions();
    if (metricsScope != null) {
      stubsOptions =
          WorkflowServiceStubsOptions.newBuilder(stubsOptions)
              .setMetricsScope(metricsScope)
              .build();
    }
    WorkflowServiceStubs stubs;
    try {
      stubs = WorkflowServiceStubs.newConnectedServiceStubs(stubsOptions, CONNECT_TIMEOUT);
    } catch (RuntimeException e) {
      throw new CliFailure(
          ExitCodes.UNREACHABLE,
          "cannot reach Temporal at "
              + resolved.getAddress()
              + ": start a local server with `./cutover dev`, or point --address /"
              + " TEMPORAL_ADDRESS at yours",
          e);
    }
    WorkflowClientOptions clientOptions =
        WorkflowClientOptions.newBuilder(resolved.toWorkflowClientOptions())
            .setNamespace(resolved.getNamespace())
            .setDataConverter(CutoverDataConverter.INSTANCE)
            .build();
    return new TemporalConnection(
        stubs,
        WorkflowClient.newInstance(stubs, clientOptions),
        resolved.getAddress(),
        resolved.getNamespace());
  }
}
