package io.dtscutover.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a simulator serves: the access keys it accepts, its jobs and the faults it injects. Usually
 * read from a JSON file:
 *
 * <pre>{@code
 * {
 *   "accessKeys": {"sim-access-key": "sim-secret"},
 *   "delayUnit": "ms",
 *   "jobs": [{"jobId": "dtsdemo01", "regionId": "cn-hangzhou", "lagMillis": 4000}],
 *   "faults": [{"kind": "THROTTLING", "action": "DescribeDtsJobDetail", "times": 2}]
 * }
 * }</pre>
 *
 * @param accessKeys access key id to secret: the only credentials whose signatures are accepted
 * @param jobs the simulated tasks
 * @param faults faults active from the start
 * @param delayUnit the unit in which {@code Delay} is reported: {@code ms} (default) or {@code s}
 * @param markerReplications marker tables copied between real databases for some jobs (see {@link
 *     MarkerReplicationSpec}); none by default
 */
public record Scenario(
    Map<String, String> accessKeys,
    List<JobSpec> jobs,
    List<FaultSpec> faults,
    String delayUnit,
    List<MarkerReplicationSpec> markerReplications) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  public Scenario {
    accessKeys = accessKeys == null ? Map.of() : Map.copyOf(accessKeys);
    jobs = jobs == null ? List.of() : List.copyOf(jobs);
    faults = faults == null ? List.of() : List.copyOf(faults);
    delayUnit = delayUnit == null ? "ms" : delayUnit;
    markerReplications = markerReplications == null ? List.of() : List.copyOf(markerReplications);
  }

  /** A scenario without marker replication. */
  public Scenario(
      Map<String, String> accessKeys,
      List<JobSpec> jobs,
      List<FaultSpec> faults,
      String delayUnit) {
    this(accessKeys, jobs, faults, delayUnit, List.of());
  }

  /** A scenario with one access key and the given jobs. */
  public static Scenario of(String accessKeyId, String secret, JobSpec... jobs) {
    return new Scenario(Map.of(accessKeyId, secret), List.of(jobs), List.of(), "ms");
  }

  /** Reads and validates a scenario file; the error names the file and every problem. */
  public static Scenario load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read scenario file " + file + ": " + e, e);
    }
  }

  /** Reads a scenario bundled with the simulator, for example {@code scenarios/demo.json}. */
  public static Scenario resource(String name) {
    try (InputStream in = Scenario.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no bundled scenario named " + name);
      }
      return parse(in, name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Scenario parse(InputStream in, String source) {
    Scenario scenario;
    try {
      scenario = JSON.readValue(in, Scenario.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "scenario " + source + " is not valid JSON for a scenario: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + source, e);
    }
    List<String> problems = scenario.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "scenario " + source + " has problems: " + String.join("; ", problems));
    }
    return scenario;
  }

  /** This scenario with one more fault active from the start. */
  public Scenario withFault(FaultSpec fault) {
    List<FaultSpec> more = new ArrayList<>(faults);
    more.add(fault);
    return new Scenario(accessKeys, jobs, more, delayUnit, markerReplications);
  }

  /** This scenario reporting {@code Delay} in {@code unit} ({@code ms} or {@code s}). */
  public Scenario withDelayUnit(String unit) {
    return new Scenario(accessKeys, jobs, faults, unit, markerReplications);
  }

  /** This scenario with the marker table of one more job copied between real databases. */
  public Scenario withMarkerReplication(MarkerReplicationSpec replication) {
    List<MarkerReplicationSpec> more = new ArrayList<>(markerReplications);
    more.add(replication);
    return new Scenario(accessKeys, jobs, faults, delayUnit, more);
  }

  /** Every problem, each naming its field; empty when the scenario is valid. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (accessKeys.isEmpty()) {
      problems.add(
          "accessKeys is required: the simulator verifies request signatures, so name at least"
              + " one {\"<access key id>\": \"<secret>\"}");
    }
    if (!delayUnit.equals("ms") && !delayUnit.equals("s")) {
      problems.add("delayUnit must be ms or s (got " + delayUnit + ")");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < jobs.size(); i++) {
      JobSpec job = jobs.get(i);
      problems.addAll(job.problems(i));
      if (job.jobId() != null && !ids.add(job.jobId())) {
        problems.add("jobs[" + i + "].jobId " + job.jobId() + " appears twice");
      }
    }
    for (int i = 0; i < faults.size(); i++) {
      problems.addAll(faults.get(i).problems("faults[" + i + "]"));
    }
    for (int i = 0; i < markerReplications.size(); i++) {
      problems.addAll(markerReplications.get(i).problems("markerReplications[" + i + "]", jobs));
    }
    return problems;
  }
}
