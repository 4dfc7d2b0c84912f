package io.dtscutover.cli.wave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.cli.request.FreezeStrategyConverter;
import io.dtscutover.workflow.CutoverRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The jobs of a wave from a YAML (or JSON) file, each with its own overrides of the shared flags:
 *
 * <pre>
 * jobs:
 *   - job: cn-hangzhou/dtsshard1
 *     freezeTarget: orders-1
 *   - job: cn-hangzhou/dtsshard2
 *     freeze: pg-read-only
 *     freezeTarget: orders-2
 *     quietWindow: 5m
 * </pre>
 *
 * A key it does not know, or a value it cannot read, is a usage error naming the file, the job and
 * the key, so a typo never silently falls back to a shared flag.
 */
final class WaveJobsFile {
  /** What a job entry may set, and how each changes the job's request. */
  private static final Map<String, BiConsumer<CutoverRequest.Builder, String>> OVERRIDES =
      Map.of(
          "instanceId", CutoverRequest.Builder::instanceId,
          "quietWindow", (job, value) -> job.quietWindow(duration(value)),
          "pollInterval", (job, value) -> job.pollInterval(duration(value)),
          "catchUpTimeout", (job, value) -> job.catchUpTimeout(duration(value)),
          "maxLagBeforeFreeze", (job, value) -> job.maxLagBeforeFreeze(duration(value)),
          "waitForIncrementalTimeout",
              (job, value) -> job.waitForIncrementalTimeout(duration(value)));

  /** One job of the file: its {@code REGION/JOBID} and its overrides, in file order. */
  record Entry(WaveJobFlag job, String freeze, Map<String, String> overrides) {}

  /** Keys a job sets besides {@link #OVERRIDES}. */
  private static final List<String> OWN = List.of("job", "freeze", "freezeTarget");

  private WaveJobsFile() {}

  static List<Entry> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (IOException e) {
      throw CliFailure.usage("cannot read --jobs-file " + file + ": " + e.getMessage());
    }
    JsonNode jobs = root == null ? null : root.get("jobs");
    if (jobs == null || !jobs.isArray() || jobs.isEmpty()) {
      throw CliFailure.usage(
          "--jobs-file " + file + ": expected a list under `jobs:`, each with `job: REGION/JOBID`");
    }
    List<Entry> entries = new ArrayList<>();
    int index = 0;
    for (JsonNode node : jobs) {
      index++;
      String where = "--jobs-file " + file + ", job " + index;
      JsonNode job = node.get("job");
      if (job == null || !job.isTextual()) {
        throw CliFailure.usage(where + ": `job: REGION/JOBID` is required");
      }
      Map<String, String> overrides = new java.util.LinkedHashMap<>();
      String freeze = null;
      String target = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String key = field.getKey();
        if (key.equals("job")) {
          continue;
        }
        if (key.equals("freeze")) {
          freeze = field.getValue().asText();
          continue;
        }
        if (key.equals("freezeTarget")) {
          target = field.getValue().asText();
          continue;
        }
        if (!OVERRIDES.containsKey(key)) {
          throw CliFailure.usage(
              where
                  + ": unknown key `"
                  + key
                  + "`; a job may set "
                  + String.join(", ", OWN)
                  + ", "
                  + String.join(", ", OVERRIDES.keySet().stream().sorted().toList()));
        }
        overrides.put(key, field.getValue().asText());
      }
      WaveJobFlag parsed = WaveJobFlag.parse(job.asText());
      if (target != null) {
        parsed = new WaveJobFlag(parsed.region(), parsed.jobId(), target);
      }
      entries.add(new Entry(parsed, freeze, overrides));
    }
    return entries;
  }

  /** Applies {@code entry}'s overrides to {@code job}; a bad value names its key. */
  static void apply(Entry entry, CutoverRequest.Builder job) {
    entry
        .overrides()
        .forEach(
            (key, value) -> {
              try {
                OVERRIDES.get(key).accept(job, value);
              } catch (RuntimeException e) {
                throw CliFailure.usage(
                    "--jobs-file, job " + entry.job().jobId() + ": " + key + ": " + e.getMessage());
              }
            });
  }

  static io.dtscutover.freeze.FreezeStrategy strategy(String name) {
    try {
      return new FreezeStrategyConverter().convert(name);
    } catch (Exception e) {
      throw CliFailure.usage("--jobs-file: freeze: " + e.getMessage());
    }
  }

  private static java.time.Duration duration(String text) {
    try {
      return new DurationConverter().convert(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
