package io.dtscutover.cli.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.workflow.CutoverRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The CLI's defaults are the contract's: one source, so the two cannot drift apart. */
class RequestDefaultsTest {
  @Command(name = "probe", defaultValueProvider = RequestDefaults.class)
  static final class Probe {
    @Mixin CutoverRequestOptions options;
  }

  @Test
  void flagsLeftOutGiveTheSameRequestAsJsonWithOnlyJobRegionAndRequester() throws Exception {
    Probe probe = new Probe();
    new CommandLine(probe)
        .parseArgs("--job-id", "dtsjob01", "--region", "cn-hangzhou", "--as", "alice");
    CutoverRequest fromFlags = probe.options.request(new CliEnvironment(Map.of(), null, null));

    CutoverRequest fromJson =
        CutoverRequest.fromJson(
            new ObjectMapper()
                .readTree(
                    "{\"jobId\":\"dtsjob01\",\"regionId\":\"cn-hangzhou\",\"requestedBy\":\"alice\"}"));

    assertEquals(fromJson, fromFlags);
  }

  @Test
  void helpShowsTheContractsDefaults() {
    String help = new CommandLine(new Probe()).getUsageMessage().replaceAll("\\s+", " ");
    assertTrue(help.contains("stop (default: 3m)"), help);
    assertTrue(help.contains("(default: manual)"), help);
  }
}
