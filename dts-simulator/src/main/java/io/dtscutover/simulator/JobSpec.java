package io.dtscutover.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One simulated DTS task as a scenario file describes it. Every field but {@code jobId} and {@code
 * regionId} has a default, so a scenario only says what matters to it.
 *
 * @param jobId the {@code DtsJobId}
 * @param regionId the region the task lives in; a request naming another region does not find it
 * @param instanceId the {@code DtsInstanceID}; defaults to {@code dtsi-<jobId>}
 * @param name the {@code DtsJobName}
 * @param status the initial raw {@code Status}, kept verbatim (default {@code Migrating})
 * @param payType {@code PostPaid} (default) or {@code PrePaid}
 * @param structureInitialization {@code MigrationMode.StructureInitialization} (default true)
 * @param dataInitialization {@code MigrationMode.DataInitialization}: full load (default true)
 * @param dataSynchronization {@code MigrationMode.DataSynchronization}: incremental (default true)
 * @param fullLoadMillis how long full load still runs from the start of the simulation; 0 (default)
 *     means it is over: a full-only task is Finished, an incremental one replicates changes
 * @param lagMillis the replication delay when incremental replication starts (default 0)
 * @param lagGrowthPerSecond how many milliseconds of delay each second of source writes adds
 * @param drainPerSecond how many milliseconds of delay each second without writes removes
 * @param maxLagMillis the delay never grows beyond this (default one hour)
 * @param writing whether the source is being written at the start (default true)
 * @param stopDelayMillis how long after {@code StopDtsJob} the task shows {@code Finished} (default
 *     2000)
 * @param incrementalStatus a raw {@code DataSynchronizationStatus.Status} that overrides the
 *     simulated one, to play values a real task might send
 * @param errorMessage the task's {@code ErrorMessage}, for failed tasks
 * @param incrementalErrorMessage {@code DataSynchronizationStatus.ErrorMessage}: why the
 *     incremental module failed, which DTS may report while the task still says Migrating
 * @param rawDelay a {@code Delay} answered verbatim instead of the simulated one, to play garbage a
 *     broken DTS might send: an integer (any size, negative too) goes out as a JSON number,
 *     anything else as a JSON string ({@code "abc"})
 * @param stoppingStatus the raw {@code Status} the task shows while a stop takes effect (for {@code
 *     stopDelayMillis}), like {@code Stopping}; absent, it keeps showing its running status
 * @param dataChecks the tables {@code DescribeDataCheckTableDetails} reports (see {@link
 *     DataCheckSpec}); none for a check type means that check is not configured on the task
 */
public record JobSpec(
    String jobId,
    String regionId,
    String instanceId,
    String name,
    String status,
    String payType,
    Boolean structureInitialization,
    Boolean dataInitialization,
    Boolean dataSynchronization,
    Long fullLoadMillis,
    Long lagMillis,
    Long lagGrowthPerSecond,
    Long drainPerSecond,
    Long maxLagMillis,
    Boolean writing,
    Long stopDelayMillis,
    String incrementalStatus,
    String errorMessage,
    String incrementalErrorMessage,
    String rawDelay,
    String stoppingStatus,
    List<DataCheckSpec> dataChecks) {

  /** A running incremental task in full-default shape; tests adjust it with the {@code with*}s. */
  public static JobSpec incremental(String jobId, String regionId) {
    return new JobSpec(
        jobId, regionId, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null);
  }

  /** This spec with every missing field set to its documented default. */
  public JobSpec withDefaults() {
    return new JobSpec(
        jobId,
        regionId,
        instanceId == null ? "dtsi-" + jobId : instanceId,
        name == null ? "simulated " + jobId : name,
        status == null ? "Migrating" : status,
        payType == null ? "PostPaid" : payType,
        structureInitialization == null ? Boolean.TRUE : structureInitialization,
        dataInitialization == null ? Boolean.TRUE : dataInitialization,
        dataSynchronization == null ? Boolean.TRUE : dataSynchronization,
        fullLoadMillis == null ? 0L : fullLoadMillis,
        lagMillis == null ? 0L : lagMillis,
        lagGrowthPerSecond == null ? 0L : lagGrowthPerSecond,
        drainPerSecond == null ? 1000L : drainPerSecond,
        maxLagMillis == null ? 3_600_000L : maxLagMillis,
        writing == null ? Boolean.TRUE : writing,
        stopDelayMillis == null ? 2000L : stopDelayMillis,
        incrementalStatus,
        errorMessage,
        incrementalErrorMessage,
        rawDelay,
        stoppingStatus,
        dataChecks == null ? List.of() : List.copyOf(dataChecks));
  }

  /** What is wrong with this spec, each naming the field; empty when it is valid. */
  public List<String> problems(int index) {
    List<String> problems = new ArrayList<>();
    String where = "jobs[" + index + "]";
    if (jobId == null || jobId.isBlank()) {
      problems.add(where + ".jobId is required");
    }
    if (regionId == null || regionId.isBlank()) {
      problems.add(where + ".regionId is required, like cn-hangzhou");
    }
    notNegative(problems, where + ".fullLoadMillis", fullLoadMillis);
    notNegative(problems, where + ".lagMillis", lagMillis);
    notNegative(problems, where + ".lagGrowthPerSecond", lagGrowthPerSecond);
    notNegative(problems, where + ".drainPerSecond", drainPerSecond);
    notNegative(problems, where + ".maxLagMillis", maxLagMillis);
    notNegative(problems, where + ".stopDelayMillis", stopDelayMillis);
    if (dataChecks != null) {
      for (int i = 0; i < dataChecks.size(); i++) {
        problems.addAll(dataChecks.get(i).problems(where + ".dataChecks[" + i + "]"));
      }
    }
    return problems;
  }

  private static void notNegative(List<String> problems, String field, Long value) {
    if (value != null && value < 0) {
      problems.add(field + " must be zero or more (got " + value + ")");
    }
  }

  public JobSpec withStatus(String value) {
    return with(draft -> draft.status = value);
  }

  public JobSpec withPayType(String value) {
    return with(draft -> draft.payType = value);
  }

  /** Full load only (no incremental replication) when {@code incremental} is false. */
  public JobSpec withIncremental(boolean incremental) {
    return with(draft -> draft.dataSynchronization = incremental);
  }

  public JobSpec withFullLoadMillis(long value) {
    return with(draft -> draft.fullLoadMillis = value);
  }

  /** Lag dynamics: initial delay, growth while written, drain once writes stop. */
  public JobSpec withLag(long initialMillis, long growthPerSecond, long drainPerSecondMillis) {
    return with(
        draft -> {
          draft.lagMillis = initialMillis;
          draft.lagGrowthPerSecond = growthPerSecond;
          draft.drainPerSecond = drainPerSecondMillis;
        });
  }

  public JobSpec withWriting(boolean value) {
    return with(draft -> draft.writing = value);
  }

  public JobSpec withStopDelayMillis(long value) {
    return with(draft -> draft.stopDelayMillis = value);
  }

  public JobSpec withIncrementalStatus(String value) {
    return with(draft -> draft.incrementalStatus = value);
  }

  public JobSpec withErrorMessage(String value) {
    return with(draft -> draft.errorMessage = value);
  }

  public JobSpec withIncrementalErrorMessage(String value) {
    return with(draft -> draft.incrementalErrorMessage = value);
  }

  /** Answers {@code value} verbatim as {@code Delay} (see {@link #rawDelay()}). */
  public JobSpec withRawDelay(String value) {
    return with(draft -> draft.rawDelay = value);
  }

  public JobSpec withStoppingStatus(String value) {
    return with(draft -> draft.stoppingStatus = value);
  }

  /** The tables DTS data verification reports (see {@link DataCheckSpec}). */
  public JobSpec withDataChecks(DataCheckSpec... tables) {
    return with(draft -> draft.dataChecks = List.of(tables));
  }

  /** A copy of this spec with {@code change} applied: what every {@code with*} is built on. */
  private JobSpec with(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.toSpec();
  }

  /** The fields of a spec, open to change while a {@code with*} builds the copy. */
  private static final class Draft {
    String jobId;
    String regionId;
    String instanceId;
    String name;
    String status;
    String payType;
    Boolean structureInitialization;
    Boolean dataInitialization;
    Boolean dataSynchronization;
    Long fullLoadMillis;
    Long lagMillis;
    Long lagGrowthPerSecond;
    Long drainPerSecond;
    Long maxLagMillis;
    Boolean writing;
    Long stopDelayMillis;
    String incrementalStatus;
    String errorMessage;
    String incrementalErrorMessage;
    String rawDelay;
    String stoppingStatus;
    List<DataCheckSpec> dataChecks;

    Draft(JobSpec spec) {
      jobId = spec.jobId;
      regionId = spec.regionId;
      instanceId = spec.instanceId;
      name = spec.name;
      status = spec.status;
      payType = spec.payType;
      structureInitialization = spec.structureInitialization;
      dataInitialization = spec.dataInitialization;
      dataSynchronization = spec.dataSynchronization;
      fullLoadMillis = spec.fullLoadMillis;
      lagMillis = spec.lagMillis;
      lagGrowthPerSecond = spec.lagGrowthPerSecond;
      drainPerSecond = spec.drainPerSecond;
      maxLagMillis = spec.maxLagMillis;
      writing = spec.writing;
      stopDelayMillis = spec.stopDelayMillis;
      incrementalStatus = spec.incrementalStatus;
      errorMessage = spec.errorMessage;
      incrementalErrorMessage = spec.incrementalErrorMessage;
      rawDelay = spec.rawDelay;
      stoppingStatus = spec.stoppingStatus;
      dataChecks = spec.dataChecks;
    }

    JobSpec toSpec() {
      return new JobSpec(
          jobId,
          regionId,
          instanceId,
          name,
          status,
          payType,
          structureInitialization,
          dataInitialization,
          dataSynchronization,
          fullLoadMillis,
          lagMillis,
          lagGrowthPerSecond,
          drainPerSecond,
          maxLagMillis,
          writing,
          stopDelayMillis,
          incrementalStatus,
          errorMessage,
          incrementalErrorMessage,
          rawDelay,
          stoppingStatus,
          dataChecks);
    }
  }
}
