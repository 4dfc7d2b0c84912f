package io.dtscutover.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.temporal.envconfig.ClientConfigProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the CLI connects: flags over environment over profile file over the local default. */
class ConnectionOptionsTest {
  @TempDir Path dir;

  private ClientConfigProfile resolve(
      Map<String, String> env, String address, String namespace, String profile) {
    ConnectionOptions options = new ConnectionOptions();
    options.address = address;
    options.namespace = namespace;
    options.profile = profile;
    return options.resolve(new CliEnvironment(env, null, new ShutdownSignal()));
  }

  @Test
  void defaultsToTheLocalDevServer() {
    ClientConfigProfile resolved =
        resolve(
            Map.of("TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString()), null, null, null);
    assertEquals("127.0.0.1:7233", resolved.getAddress());
    assertEquals("default", resolved.getNamespace());
  }

  @Test
  void environmentThenFlagsWin() {
    Map<String, String> env =
        Map.of(
            "TEMPORAL_CONFIG_FILE", dir.resolve("none.toml").toString(),
            "TEMPORAL_ADDRESS", "temporal.internal:7233",
            "TEMPORAL_NAMESPACE", "cutovers");
    ClientConfigProfile fromEnv = resolve(env, null, null, null);
    assertEquals("temporal.internal:7233", fromEnv.getAddress());
    assertEquals("cutovers", fromEnv.getNamespace());

    ClientConfigProfile fromFlags = resolve(env, "other:7233", "staging", null);
    assertEquals("other:7233", fromFlags.getAddress());
    assertEquals("staging", fromFlags.getNamespace());
  }

  @Test
  void aNamedProfileComesFromTheConfigFile() throws Exception {
    Path file = dir.resolve("temporal.toml");
    Files.writeString(
        file,
        """
        [profile.staging]
        address = "staging.tmprl.example:7233"
        namespace = "cutovers-staging"
        """);
    ClientConfigProfile resolved =
        resolve(Map.of("TEMPORAL_CONFIG_FILE", file.toString()), null, null, "staging");
    assertEquals("staging.tmprl.example:7233", resolved.getAddress());
    assertEquals("cutovers-staging", resolved.getNamespace());
  }
}
