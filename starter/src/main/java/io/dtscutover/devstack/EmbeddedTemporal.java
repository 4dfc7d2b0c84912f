package io.dtscutover.devstack;

import io.dtscutover.workflow.CutoverSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * The Temporal Java test server on a local port, in real time, with the cutover search attributes
 * registered (the test server cannot list them, so a worker cannot check them there). Everything is
 * in memory: closing it loses every workflow.
 */
public final class EmbeddedTemporal implements AutoCloseable {
  /** The namespace the test server serves. */
  public static final String NAMESPACE = "default";

  private final TestServer.PortBoundTestServer server;
  private final int port;

  private EmbeddedTemporal(TestServer.PortBoundTestServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts the server on {@code port} and registers the search attributes.
   *
   * @throws IllegalStateException naming the port when it is taken
   */
  public static EmbeddedTemporal start(int port) {
    requireFree(port);
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port);
    EmbeddedTemporal embedded = new EmbeddedTemporal(server, port);
    try {
      embedded.registerSearchAttributes();
    } catch (RuntimeException e) {
      embedded.close();
      throw e;
    }
    return embedded;
  }

  /**
   * A free loopback port, for tests and for {@code demo}, which must not collide with a dev server.
   */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("127.0.0.1", 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free local port", e);
    }
  }

  private static void requireFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(port));
    } catch (IOException e) {
      throw new IllegalStateException(
          "port "
              + port
              + " is taken (is another Temporal server or `cutover dev` running?): choose another"
              + " with --port",
          e);
    }
  }

  private void registerSearchAttributes() {
    AddSearchAttributesRequest.Builder request =
        AddSearchAttributesRequest.newBuilder().setNamespace(NAMESPACE);
    for (SearchAttributeKey<String> key : CutoverSearchAttributes.ALL) {
      request.putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget(address())
                .validateAndBuildWithDefaults());
    try {
      operator.blockingStub().addSearchAttributes(request.build());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    } finally {
      operator.shutdownNow();
    }
  }

  /** {@code 127.0.0.1:<port>}, what {@code --address} takes. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    server.close();
  }
}
