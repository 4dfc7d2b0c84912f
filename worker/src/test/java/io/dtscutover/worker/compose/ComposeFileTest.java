package io.dtscutover.worker.compose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dtscutover.workflow.CutoverSearchAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates docker-compose.yml and the Dockerfile without a container engine (CI has none): the
 * services and their wiring, pinned images, published ports, the demo profile, and that no secret
 * is written in the file.
 */
class ComposeFileTest {
  private static final Pattern PASSTHROUGH = Pattern.compile("\\$\\{([A-Z0-9_]+)(:-[^}]*)?}");
  private static final Pattern SECRET_NAME =
      Pattern.compile(".*(PASSWORD|PWD|SECRET|TOKEN|ACCESS_KEY|API_KEY|WEBHOOK).*");

  private static Path root;
  private static String text;
  private static JsonNode services;

  @BeforeAll
  static void read() throws IOException {
    root = RepositoryRoot.find();
    text = Files.readString(root.resolve("docker-compose.yml"));
    JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(text);
    services = compose.path("services");
    assertTrue(services.isObject(), "docker-compose.yml has services");
  }

  private static JsonNode service(String name) {
    JsonNode service = services.get(name);
    assertNotNull(service, "service " + name + " is missing");
    return service;
  }

  /** A service's environment as a map, whichever of compose's two spellings it uses. */
  private static Map<String, String> environment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode node = service.path("environment");
    if (node.isArray()) {
      node.forEach(
          entry -> {
            String[] parts = entry.asText().split("=", 2);
            env.put(parts[0], parts.length == 2 ? parts[1] : null);
          });
    } else {
      node.fields()
          .forEachRemaining(
              e -> env.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
    }
    return env;
  }

  private static String dependencyCondition(String service, String dependency) {
    JsonNode condition = service(service).path("depends_on").path(dependency).path("condition");
    assertFalse(condition.isMissingNode(), service + " must wait for " + dependency);
    return condition.asText();
  }

  @Test
  void hasTheWholeStack() {
    Set<String> names = new HashSet<>();
    services.fieldNames().forEachRemaining(names::add);
    assertEquals(
        Set.of(
            "postgresql",
            "temporal-schema",
            "temporal",
            "temporal-setup",
            "temporal-ui",
            "worker",
            "dts-simulator"),
        names);
  }

  @Test
  void pinsEveryImage() {
    Map<String, String> expected =
        Map.of(
            "postgresql", "postgres:16",
            "temporal-schema", "temporalio/admin-tools:1.30.1",
            "temporal", "temporalio/server:1.30.1",
            "temporal-setup", "temporalio/admin-tools:1.30.1",
            "temporal-ui", "temporalio/ui:2.34.0");
    expected.forEach((name, image) -> assertEquals(image, service(name).path("image").asText()));
    services
        .fields()
        .forEachRemaining(
            s -> {
              String image = s.getValue().path("image").asText();
              assertTrue(image.matches("[a-z0-9./-]+:[A-Za-z0-9._-]+"), s.getKey() + ": " + image);
              assertFalse(image.endsWith(":latest"), s.getKey() + " must pin its image: " + image);
            });
  }

  @Test
  void buildsTheWorkerAndRunsTheSimulatorFromTheSameImage() {
    JsonNode worker = service("worker");
    assertEquals("Dockerfile", worker.path("build").path("dockerfile").asText());
    assertEquals(".", worker.path("build").path("context").asText());
    assertEquals("worker", worker.path("command").get(0).asText());
    JsonNode simulator = service("dts-simulator");
    assertEquals(worker.path("image").asText(), simulator.path("image").asText());
    assertEquals("simulator", simulator.path("command").get(0).asText());
    assertEquals("never", simulator.path("pull_policy").asText(), "the image is built here");
  }

  @Test
  void publishesTheUiTemporalAndMetricsOnLoopbackOnly() {
    assertEquals(List.of("127.0.0.1:8080:8080"), ports("temporal-ui"));
    assertEquals(List.of("127.0.0.1:7233:7233"), ports("temporal"));
    assertEquals(List.of("127.0.0.1:9464:9464"), ports("worker"));
    services
        .fields()
        .forEachRemaining(
            s ->
                ports(s.getKey())
                    .forEach(
                        p ->
                            assertTrue(
                                p.startsWith("127.0.0.1:"), s.getKey() + " publishes " + p)));
    assertEquals("9464", environment(service("worker")).get("CUTOVER_METRICS_PORT"));
  }

  private static List<String> ports(String service) {
    List<String> ports = new ArrayList<>();
    services.path(service).path("ports").forEach(p -> ports.add(p.asText()));
    return ports;
  }

  @Test
  void onlyTheSimulatorNeedsTheDemoProfile() {
    services
        .fields()
        .forEachRemaining(
            s -> {
              JsonNode profiles = s.getValue().path("profiles");
              if (s.getKey().equals("dts-simulator")) {
                assertEquals("[\"demo\"]", profiles.toString());
              } else {
                assertTrue(profiles.isMissingNode(), s.getKey() + " must start with a plain up");
              }
            });
  }

  @Test
  void theDemoPointsTheWorkerAtTheSimulatorItShares() throws IOException {
    JsonNode simulator = service("dts-simulator");
    assertEquals("service:worker", simulator.path("network_mode").asText());
    List<String> command = new ArrayList<>();
    simulator.path("command").forEach(c -> command.add(c.asText()));
    String port = command.get(command.indexOf("--port") + 1);
    Map<String, String> demo = new LinkedHashMap<>();
    for (String line : Files.readAllLines(root.resolve("compose/demo.env"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String[] parts = line.split("=", 2);
        demo.put(parts[0], parts[1]);
      }
    }
    assertEquals("http://127.0.0.1:" + port, demo.get("DTS_ENDPOINT"));
    // Every demo variable reaches the worker.
    Map<String, String> workerEnv = environment(service("worker"));
    demo.keySet()
        .forEach(
            name ->
                assertEquals(
                    "${" + name + ":-}", workerEnv.get(name), name + " is passed to the worker"));
  }

  @Test
  void writesNoSecret() {
    services
        .fields()
        .forEachRemaining(
            s ->
                environment(s.getValue())
                    .forEach(
                        (name, value) -> {
                          if (SECRET_NAME.matcher(name).matches()) {
                            assertTrue(
                                value == null || PASSTHROUGH.matcher(value).matches(),
                                s.getKey() + ": " + name + " must come from the environment");
                          }
                        }));
    Map<String, String> worker = environment(service("worker"));
    for (String name :
        List.of(
            "ALIBABA_CLOUD_ACCESS_KEY_ID",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
            "ALIBABA_CLOUD_SECURITY_TOKEN",
            "CUTOVER_WEBHOOK_URL")) {
      // Passed through with no default: nothing but the variable's own value.
      assertEquals("${" + name + ":-}", worker.get(name), name);
    }
    for (String leak : List.of("LTAI", "hooks.slack.com", "sim-secret", "BEGIN PRIVATE KEY")) {
      assertFalse(text.contains(leak), "docker-compose.yml contains " + leak);
    }
  }

  @Test
  void takesFreezeTargetsFromAnIgnoredOptionalFile() throws IOException {
    JsonNode envFile = service("worker").path("env_file").get(0);
    assertEquals("./cutover.env", envFile.path("path").asText());
    assertFalse(envFile.path("required").asBoolean(true), "the file is optional");
    assertTrue(Files.readAllLines(root.resolve(".gitignore")).contains("cutover.env"));
    assertTrue(Files.exists(root.resolve("compose/cutover.env.example")));
  }

  @Test
  void startsInOrderAndWaitsOnHealth() {
    assertEquals("service_healthy", dependencyCondition("temporal-schema", "postgresql"));
    assertEquals(
        "service_completed_successfully", dependencyCondition("temporal", "temporal-schema"));
    assertEquals("service_started", dependencyCondition("temporal-setup", "temporal"));
    assertEquals("service_started", dependencyCondition("temporal-ui", "temporal"));
    assertEquals("service_completed_successfully", dependencyCondition("worker", "temporal-setup"));
    assertEquals("service_started", dependencyCondition("dts-simulator", "worker"));
    // Every dependency exists, every health condition has a healthcheck, and there is no cycle.
    Map<String, List<String>> graph = new LinkedHashMap<>();
    services
        .fields()
        .forEachRemaining(
            s -> {
              List<String> deps = new ArrayList<>();
              s.getValue().path("depends_on").fieldNames().forEachRemaining(deps::add);
              graph.put(s.getKey(), deps);
              for (String dep : deps) {
                assertTrue(services.has(dep), s.getKey() + " depends on unknown " + dep);
                if ("service_healthy".equals(dependencyCondition(s.getKey(), dep))) {
                  assertTrue(services.get(dep).has("healthcheck"), dep + " needs a healthcheck");
                }
              }
            });
    graph.keySet().forEach(start -> assertAcyclic(graph, start, new HashSet<>()));
    assertEquals(
        "30s",
        service("worker").path("stop_grace_period").asText(),
        "docker must not kill the worker before its shutdown grace ends");
    String probe = service("worker").path("healthcheck").path("test").toString();
    assertTrue(probe.contains("/dev/tcp/127.0.0.1/9464") && probe.contains("/healthz"), probe);
  }

  private static void assertAcyclic(Map<String, List<String>> graph, String at, Set<String> path) {
    assertTrue(path.add(at), "depends_on cycle through " + path);
    for (String next : graph.get(at)) {
      assertAcyclic(graph, next, new HashSet<>(path));
    }
  }

  @Test
  void registersTheNamespaceAndEverySearchAttribute() {
    String setup = service("temporal-setup").path("command").toString();
    assertTrue(setup.contains("temporal operator namespace create"), setup);
    for (var key : CutoverSearchAttributes.ALL) {
      assertTrue(setup.contains(key.getName()), key.getName() + " is registered");
    }
    assertTrue(setup.contains("--type Keyword"), setup);
    assertEquals("temporal:7233", environment(service("worker")).get("TEMPORAL_ADDRESS"));
  }

  @Test
  void theDockerfileBuildsInStagesAndRunsUnprivileged() throws IOException {
    List<String> lines = Files.readAllLines(root.resolve("Dockerfile"));
    List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertEquals(2, from.size(), "a build stage and a runtime stage");
    assertTrue(from.get(0).startsWith("FROM maven:") && from.get(0).endsWith(" AS build"));
    assertTrue(from.get(1).startsWith("FROM eclipse-temurin:17"), from.get(1));
    for (String line : from) {
      String image = line.split("\\s+")[1];
      assertTrue(image.contains(":") && !image.endsWith(":latest"), "pinned: " + line);
    }
    String user =
        lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
    assertFalse(user.contains("root") || user.matches("USER 0(:.*)?"), user);
    Matcher copy =
        Pattern.compile("COPY --from=build /src/(\\S+) (\\S+)").matcher(String.join("\n", lines));
    assertTrue(copy.find(), "the runtime stage copies the jar from the build stage");
    Matcher finalName =
        Pattern.compile("<finalName>([^<]+)</finalName>")
            .matcher(Files.readString(root.resolve("starter/pom.xml")));
    assertTrue(finalName.find(), "starter/pom.xml names its runnable jar");
    assertEquals("starter/target/" + finalName.group(1) + ".jar", copy.group(1));
    String entrypoint =
        lines.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
    assertTrue(entrypoint.contains("\"" + copy.group(2) + "\""), "runs the copied jar");
    assertTrue(
        Files.readString(root.resolve(".dockerignore")).contains("cutover.env"),
        "secrets stay out of the build context");
  }
}
