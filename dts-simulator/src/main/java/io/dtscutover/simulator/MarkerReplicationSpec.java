package io.dtscutover.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Real rows for a simulated task: the simulator copies the marker table {@code dts_cutover_marker}
 * of a source database into a destination database, as DTS would replicate it, so that a cutover's
 * marker proof meets real databases. A row is copied once it has waited as long as the task's
 * current {@code Delay}; nothing is copied while the task is not replicating incrementally (full
 * load, paused, stopped). With {@code replicating} false the task copies nothing yet reports its
 * delay as usual, draining to 0: the lying metric.
 *
 * @param jobId the simulated task whose lag and state drive the copying
 * @param sourceJdbcUrl {@code jdbc:mariadb://}, {@code jdbc:mysql://} or {@code
 *     jdbc:postgresql://}, where the marker is written
 * @param sourceUser the account that reads the source's marker table
 * @param sourcePassword its password
 * @param destinationJdbcUrl where the rows go
 * @param destinationUser the account that writes the destination's marker table
 * @param destinationPassword its password
 * @param replicating false to report lag while copying nothing (default true)
 * @param periodMillis how often the tables are compared (default 200)
 */
public record MarkerReplicationSpec(
    String jobId,
    String sourceJdbcUrl,
    String sourceUser,
    String sourcePassword,
    String destinationJdbcUrl,
    String destinationUser,
    String destinationPassword,
    Boolean replicating,
    Long periodMillis) {

  /** Copies the marker table of {@code jobId} from one database to the other, every 200 ms. */
  public static MarkerReplicationSpec of(
      String jobId,
      String sourceJdbcUrl,
      String sourceUser,
      String sourcePassword,
      String destinationJdbcUrl,
      String destinationUser,
      String destinationPassword) {
    return new MarkerReplicationSpec(
        jobId,
        sourceJdbcUrl,
        sourceUser,
        sourcePassword,
        destinationJdbcUrl,
        destinationUser,
        destinationPassword,
        null,
        null);
  }

  boolean replicatingAtStart() {
    return replicating == null || replicating;
  }

  long period() {
    return periodMillis == null ? 200 : periodMillis;
  }

  /** What is wrong with this spec, each naming the field; empty when it is valid. */
  public List<String> problems(String where, List<JobSpec> jobs) {
    List<String> problems = new ArrayList<>();
    if (jobId == null || jobs.stream().noneMatch(job -> jobId.equals(job.jobId()))) {
      problems.add(where + ".jobId must name one of the scenario's jobs (got " + jobId + ")");
    }
    for (String[] field :
        new String[][] {
          {"sourceJdbcUrl", sourceJdbcUrl}, {"destinationJdbcUrl", destinationJdbcUrl}
        }) {
      String url = field[1];
      if (url == null || !url.matches("(?i)jdbc:(mariadb|mysql|postgresql)://.*")) {
        problems.add(
            where
                + "."
                + field[0]
                + " must be a jdbc:mariadb://, jdbc:mysql:// or jdbc:postgresql:// URL (got "
                + url
                + ")");
      }
    }
    if (periodMillis != null && periodMillis < 10) {
      problems.add(where + ".periodMillis must be at least 10 (got " + periodMillis + ")");
    }
    return problems;
  }
}
