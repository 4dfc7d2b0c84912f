package io.dtscutover.cli;

import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;

/**
 * An open connection to a Temporal namespace: the gRPC stubs and a client on them. Closing it
 * closes the channel.
 */
public record TemporalConnection(
    WorkflowServiceStubs stubs, WorkflowClient client, String address, String namespace)
    implements AutoCloseable {

  @Override
  public void close() {
    stubs.shutdownNow();
  }
}
