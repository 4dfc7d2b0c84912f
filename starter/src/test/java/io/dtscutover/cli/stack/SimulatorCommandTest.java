package io.dtscutover.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.cli.BackgroundCommand;
import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.ExitCodes;
import io.dtscutover.devstack.EmbeddedTemporal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorCommandTest {

  @Test
  void servesTheBundledDemoAndPrintsHowToPointAWorkerAtIt() throws Exception {
    int port = EmbeddedTemporal.freePort();
    try (BackgroundCommand simulator =
        BackgroundCommand.start(Map.of(), "simulator", "--port", String.valueOf(port))) {
      simulator.awaitOutput("Ctrl-C stops it.", Duration.ofSeconds(30));
      String out = simulator.toString();
      assertTrue(out.contains("export DTS_ENDPOINT=http://127.0.0.1:" + port), out);
      assertTrue(out.contains("export ALIBABA_CLOUD_ACCESS_KEY_ID=sim-access-key"), out);
      assertTrue(out.contains("job dtsdemo01 in cn-hangzhou"), out);

      HttpResponse<String> jobs =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_sim/jobs"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, jobs.statusCode());
      assertTrue(jobs.body().contains("dtsdemo01"), jobs.body());

      assertEquals(ExitCodes.OK, simulator.stop(), simulator.toString());
    }
  }

  @Test
  void anUnknownScenarioIsAUsageError() {
    CliRun run = CliRun.run(Map.of(), "simulator", "--scenario", "/no/such/scenario.json");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("no scenario '/no/such/scenario.json'"), run.err());
  }
}
