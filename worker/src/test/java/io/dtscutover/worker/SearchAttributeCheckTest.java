package io.dtscutover.worker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.operatorservice.v1.OperatorServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The start-up check against a gRPC operator service that answers like a full Temporal server
 * would, and against the embedded test server, which cannot list search attributes.
 */
class SearchAttributeCheckTest {

  /** An operator service holding exactly {@code registered}. */
  private static Server operatorServer(Map<String, IndexedValueType> registered) throws Exception {
    OperatorServiceGrpc.OperatorServiceImplBase service =
        new OperatorServiceGrpc.OperatorServiceImplBase() {
          @Override
          public void listSearchAttributes(
              ListSearchAttributesRequest request,
              StreamObserver<ListSearchAttributesResponse> response) {
            response.onNext(
                ListSearchAttributesResponse.newBuilder()
                    .putAllCustomAttributes(registered)
                    .putSystemAttributes(
                        "WorkflowType", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                    .build());
            response.onCompleted();
          }
        };
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(service)
        .build()
        .start();
  }

  private static WorkflowServiceStubs stubs(String target) {
    return WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
  }

  @Test
  void missingOrMistypedAttributesAreNamedWithTheCommandsThatCreateThem() throws Exception {
    Server server =
        operatorServer(
            Map.of(
                "CutoverPhase", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                "DtsJobId", IndexedValueType.INDEXED_VALUE_TYPE_TEXT));
    String target = "127.0.0.1:" + server.getPort();
    WorkflowServiceStubs stubs = stubs(target);
    try {
      MissingSearchAttributesException missing =
          assertThrows(
              MissingSearchAttributesException.class,
              () -> SearchAttributeCheck.requireRegistered(stubs, "cutovers"));
      assertEquals(
          List.of("DtsJobId", "DtsRegion", "CutoverPendingGate", "CutoverWaveId"),
          missing.missing());
      assertTrue(
          missing
              .commands()
              .contains(
                  "temporal operator search-attribute create --namespace cutovers --name"
                      + " DtsRegion --type Keyword --address "
                      + target),
          missing.getMessage());
      assertTrue(missing.getMessage().contains("--name CutoverPendingGate"));
    } finally {
      stubs.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void aNamespaceWithEveryAttributePasses() throws Exception {
    Server server =
        operatorServer(
            Map.of(
                "CutoverPhase", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                "DtsJobId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                "DtsRegion", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                "CutoverPendingGate", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                "CutoverWaveId", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
    WorkflowServiceStubs stubs = stubs("127.0.0.1:" + server.getPort());
    try {
      assertDoesNotThrow(() -> SearchAttributeCheck.requireRegistered(stubs, "default"));
    } finally {
      stubs.shutdownNow();
      server.shutdownNow();
    }
  }

  @Test
  void theEmbeddedTestServerIsNotChecked() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port, false);
    WorkflowServiceStubs stubs = stubs("127.0.0.1:" + port);
    try {
      assertDoesNotThrow(() -> SearchAttributeCheck.requireRegistered(stubs, "default"));
    } finally {
      stubs.shutdownNow();
      server.close();
    }
  }
}
