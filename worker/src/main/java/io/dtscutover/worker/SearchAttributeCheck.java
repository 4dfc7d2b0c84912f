package io.dtscutover.worker;

import io.dtscutover.workflow.CutoverSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies, before a worker polls, that the namespace has every Keyword attribute of {@link
 * CutoverSearchAttributes#ALL}. A cutover's first upsert fails on a server without them, and its
 * workflow task then retries forever, so a worker refuses to start instead and says how to fix it.
 *
 * <p>The embedded Java test server cannot list search attributes ({@code UNIMPLEMENTED}); there the
 * check is skipped, because {@code cutover server}, {@code dev} and {@code demo} register them when
 * they start it.
 */
public final class SearchAttributeCheck {

  private static final Logger log = LoggerFactory.getLogger(SearchAttributeCheck.class);

  private SearchAttributeCheck() {}

  /**
   * Throws {@link MissingSearchAttributesException} when {@code namespace} lacks a cutover search
   * attribute, or has one with a type other than Keyword.
   */
  public static void requireRegistered(WorkflowServiceStubs stubs, String namespace) {
    Map<String, IndexedValueType> registered;
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder(stubs.getOptions())
                .validateAndBuildWithDefaults());
    try {
      ListSearchAttributesResponse response =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
      registered = new java.util.HashMap<>(response.getCustomAttributesMap());
      registered.putAll(response.getSystemAttributesMap());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return; // the embedded test server: its starter registered them
      }
      if (e.getStatus().getCode() == Status.Code.PERMISSION_DENIED) {
        // Some hosted namespaces do not let a worker's credentials list attributes: say so and
        // go on, since a missing attribute still shows as a stuck workflow task in the Web UI.
        log.warn(
            "cannot check the cutover search attributes on namespace {} ({}); make sure {} exist",
            namespace,
            e.getStatus().getCode(),
            CutoverSearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList());
        return;
      }
      throw e;
    } finally {
      operator.shutdownNow();
    }
    List<String> missing = new ArrayList<>();
    for (SearchAttributeKey<String> key : CutoverSearchAttributes.ALL) {
      if (registered.get(key.getName()) != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD) {
        missing.add(key.getName());
      }
    }
    if (!missing.isEmpty()) {
      String address = stubs.getOptions().getTarget();
      throw new MissingSearchAttributesException(
          missing, missing.stream().map(name -> createCommand(name, namespace, address)).toList());
    }
  }

  /** The Temporal CLI command that creates one Keyword search attribute. */
  static String createCommand(String name, String namespace, String address) {
    return "temporal operator search-attribute create --namespace "
        + namespace
        + " --name "
        + name
        + " --type Keyword"
        + (address == null ? "" : " --address " + address);
  }
}
