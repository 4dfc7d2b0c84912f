package io.dtscutover.worker.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dtscutover.dts.JobRef;
import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sim} against a small HTTP server on loopback that speaks the DTS simulator's write switch:
 * {@code POST /_sim/jobs/{jobId}/writes}.
 */
class SimulatorFreezeTest {
  private static final Pattern PATH = Pattern.compile("/_sim/jobs/([^/]+)/writes");
  private static final Pattern WRITING = Pattern.compile("\"writing\"\\s*:\\s*(true|false)");

  private final Map<String, Boolean> writing = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeEach
  void startSimulator() throws IOException {
    writing.put("dtsjob-sim", true);
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/_sim/jobs/", this::handle);
    server.start();
  }

  @AfterEach
  void stopSimulator() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body);
    Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
    Matcher flag = WRITING.matcher(body);
    int status;
    String answer;
    if (!"POST".equals(exchange.getRequestMethod()) || !path.matches() || !flag.find()) {
      status = 400;
      answer = "{}";
    } else if (!writing.containsKey(path.group(1))) {
      status = 404;
      answer = "{\"Code\":\"JobNotFound\"}";
    } else {
      writing.put(path.group(1), Boolean.parseBoolean(flag.group(1)));
      status = 200;
      answer = "{\"jobId\":\"" + path.group(1) + "\",\"writing\":" + flag.group(1) + "}";
    }
    byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private WriteFreezeActivities activities() {
    return WriteFreezeActivitiesImpl.fromEnvironment(
        Map.of("DTS_ENDPOINT", "http://127.0.0.1:" + server.getAddress().getPort()));
  }

  private static FreezeSpec spec(String jobId) {
    return new FreezeSpec(FreezeStrategy.SIM, null, JobRef.of("cn-hangzhou", jobId), "cutover-sim");
  }

  @Test
  void freezeStopsTheSimulatedWritesAndUnfreezeResumesThem() {
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = activities.prepare(spec("dtsjob-sim"));
    assertTrue(requests.isEmpty(), "prepare changes nothing");

    FreezeProof proof = activities.freeze(receipt);
    assertFalse(writing.get("dtsjob-sim"));
    assertTrue(proof.checks().get(0).contains("writing=false"), proof.checks().toString());
    activities.verify(receipt, proof);
    assertFalse(writing.get("dtsjob-sim"));

    activities.unfreeze(receipt);
    activities.unfreeze(receipt);
    assertTrue(writing.get("dtsjob-sim"));
    assertEquals(
        List.of(
            "POST /_sim/jobs/dtsjob-sim/writes {\"writing\": false}",
            "POST /_sim/jobs/dtsjob-sim/writes {\"writing\": false}",
            "POST /_sim/jobs/dtsjob-sim/writes {\"writing\": true}",
            "POST /_sim/jobs/dtsjob-sim/writes {\"writing\": true}"),
        requests);
  }

  @Test
  void anUnknownJobFailsTheFreezeButNotTheUnfreeze() {
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = activities.prepare(spec("dtsjob-gone"));

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> activities.freeze(receipt));
    activities.unfreeze(receipt);

    assertEquals(FreezeFailures.TARGET_UNKNOWN, failure.getType());
    assertTrue(failure.isNonRetryable());
    assertTrue(failure.getOriginalMessage().contains("dtsjob-gone"));
  }

  @Test
  void withoutDtsEndpointTheFailureSaysWhatToSet() {
    ApplicationFailure failure =
        assertThrows(
            ApplicationFailure.class,
            () -> WriteFreezeActivitiesImpl.fromEnvironment(Map.of()).prepare(spec("dtsjob-sim")));

    assertEquals(FreezeFailures.CONFIGURATION, failure.getType());
    assertTrue(failure.getOriginalMessage().contains("DTS_ENDPOINT"));
  }

  @Test
  void aSimulatorThatIsDownIsRetryable() {
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = activities.prepare(spec("dtsjob-sim"));
    server.stop(0);

    ApplicationFailure freeze =
        assertThrows(ApplicationFailure.class, () -> activities.freeze(receipt));
    ApplicationFailure unfreeze =
        assertThrows(ApplicationFailure.class, () -> activities.unfreeze(receipt));

    assertFalse(freeze.isNonRetryable());
    assertEquals(DatabaseFailures.UNAVAILABLE, freeze.getType());
    assertFalse(unfreeze.isNonRetryable());
    assertEquals(WriteFreezeActivitiesImpl.RESTORE_FAILED, unfreeze.getType());
  }
}
