package io.dtscutover.worker.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtscutover.dts.JobRef;
import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The {@code sim} strategy against the project's real DTS simulator on loopback. */
class SimulatorFreezeWithDtsSimulatorTest {
  private static final String JOB = "dtsjob-simfreeze";
  private static DtsSimulator simulator;

  @BeforeAll
  static void startSimulator() {
    simulator =
        DtsSimulator.start(
            Scenario.of("test-key-id", "test-key-secret", JobSpec.incremental(JOB, "cn-hangzhou")),
            0);
  }

  @AfterAll
  static void stopSimulator() {
    simulator.close();
  }

  private static WriteFreezeActivities activities() {
    return WriteFreezeActivitiesImpl.fromEnvironment(Map.of("DTS_ENDPOINT", simulator.baseUrl()));
  }

  private static FreezeSpec spec(String jobId) {
    return new FreezeSpec(FreezeStrategy.SIM, null, JobRef.of("cn-hangzhou", jobId), "cutover-sim");
  }

  /** What the simulator itself says about the job's source writes. */
  private static boolean writing() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/_sim/jobs/" + JOB))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return new ObjectMapper().readTree(response.body()).get("writing").asBoolean();
  }

  @Test
  void freezeStopsTheSourceWritesAndUnfreezeResumesThem() throws Exception {
    WriteFreezeActivities activities = activities();
    assertTrue(writing());
    FreezeReceipt receipt = activities.prepare(spec(JOB));
    assertTrue(writing(), "prepare changes nothing");

    FreezeProof proof = activities.freeze(receipt);
    assertEquals(false, writing());
    activities.verify(receipt, proof);
    assertEquals(false, writing());

    activities.unfreeze(receipt);
    activities.unfreeze(receipt);
    assertTrue(writing());
  }

  @Test
  void aJobTheSimulatorDoesNotKnowFailsTheFreezeNonRetryably() {
    WriteFreezeActivities activities = activities();
    FreezeReceipt receipt = activities.prepare(spec("dtsjob-unknown"));

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> activities.freeze(receipt));

    assertEquals(FreezeFailures.TARGET_UNKNOWN, failure.getType());
    assertTrue(failure.isNonRetryable());
  }
}
