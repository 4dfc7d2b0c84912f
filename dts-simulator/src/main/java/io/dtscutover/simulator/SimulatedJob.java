package io.dtscutover.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live state of one simulated task. State moves only when {@link #advanceTo} is called with the
 * simulator's clock, so a test that controls the clock controls the task.
 *
 * <p>Dynamics: full load runs for {@code fullLoadMillis}, then a full-only task is {@code Finished}
 * and an incremental task starts replicating. While the source is written the delay grows by {@code
 * lagGrowthPerSecond}; once writes stop it drains by {@code drainPerSecond} until it reaches zero,
 * when the incremental status turns {@code Catched}. A stop takes effect {@code stopDelayMillis}
 * after {@code StopDtsJob}.
 */
final class SimulatedJob {
  private final JobSpec spec;
  private String status;
  private boolean incrementalPhase;
  private Instant fullLoadEndsAt;
  private double lagMillis;
  private boolean writing;
  private Instant lastTick;
  private Instant stopTakesEffectAt;
  private Instant finishedAt;
  private String rawDelay;
  private final Instant simulationStart;

  SimulatedJob(JobSpec declared, Instant start) {
    this.spec = declared.withDefaults();
    this.simulationStart = start;
    this.status = spec.status();
    this.lagMillis = spec.lagMillis();
    this.writing = spec.writing();
    this.rawDelay = spec.rawDelay();
    this.lastTick = start;
    if (spec.fullLoadMillis() > 0 && spec.dataInitialization()) {
      this.fullLoadEndsAt = start.plusMillis(spec.fullLoadMillis());
    } else {
      endFullLoad(start);
    }
  }

  String jobId() {
    return spec.jobId();
  }

  String regionId() {
    return spec.regionId();
  }

  synchronized boolean prePaid() {
    return "PrePaid".equalsIgnoreCase(spec.payType());
  }

  /** The raw {@code Status} DTS shows: the spec's stopping status while a stop takes effect. */
  synchronized String status() {
    if (stopTakesEffectAt != null && !isFinished() && spec.stoppingStatus() != null) {
      return spec.stoppingStatus();
    }
    return status;
  }

  /**
   * The {@code TableDetails} of {@code DescribeDataCheckTableDetails} for {@code checkType} at
   * {@code now}, filtered by {@code status} ({@code 6}: tables with differences; another value:
   * tables in that status; {@code null}: every table).
   */
  List<Map<String, Object>> dataCheckTables(int checkType, String status, Instant now) {
    long elapsed = Duration.between(simulationStart, now).toMillis();
    List<Map<String, Object>> tables = new ArrayList<>();
    long id = 0;
    for (DataCheckSpec table : spec.dataChecks()) {
      id++;
      if (table.checkType() != checkType) {
        continue;
      }
      String current = table.statusAfter(elapsed);
      boolean wanted =
          status == null || status.equals(current) || (status.equals("6") && table.diffs() > 0);
      if (!wanted) {
        continue;
      }
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("Id", id);
      row.put("SourceDbName", table.database());
      row.put("SourceTbName", table.table());
      row.put("TargetDbName", table.database());
      row.put("TargetTbName", table.table());
      row.put("Status", current);
      row.put("DiffCount", table.diffs());
      row.put("TotalCount", 1000);
      row.put("FinishCount", current.equals("3") ? 500 : 1000);
      row.put("BootTime", simulationStart.toString());
      tables.add(row);
    }
    return tables;
  }

  synchronized boolean writing() {
    return writing;
  }

  /** Answers {@code value} verbatim as {@code Delay} from now on; {@code null} goes back. */
  synchronized void setRawDelay(String value) {
    rawDelay = value;
  }

  synchronized void setWriting(boolean value, Instant now) {
    advanceTo(now);
    writing = value;
  }

  /** Moves the task's state forward to {@code now}. */
  synchronized void advanceTo(Instant now) {
    if (now.isBefore(lastTick)) {
      return;
    }
    if (!incrementalPhase && fullLoadEndsAt != null && !now.isBefore(fullLoadEndsAt)) {
      if (isRunning()) {
        moveLag(lastTick, fullLoadEndsAt);
        lastTick = fullLoadEndsAt;
        endFullLoad(fullLoadEndsAt);
      }
    }
    if (incrementalPhase && isRunning()) {
      moveLag(lastTick, now);
    }
    if (stopTakesEffectAt != null && !now.isBefore(stopTakesEffectAt) && !isFinished()) {
      status = "Finished";
      finishedAt = stopTakesEffectAt;
    }
    lastTick = now;
  }

  private void endFullLoad(Instant at) {
    fullLoadEndsAt = null;
    if (spec.dataSynchronization()) {
      incrementalPhase = true;
    } else if (isRunning()) {
      status = "Finished";
      finishedAt = at;
    }
  }

  private void moveLag(Instant from, Instant to) {
    if (!incrementalPhase || !to.isAfter(from)) {
      return;
    }
    double seconds = Duration.between(from, to).toNanos() / 1e9;
    if (writing) {
      lagMillis = Math.min(spec.maxLagMillis(), lagMillis + spec.lagGrowthPerSecond() * seconds);
    } else {
      lagMillis = Math.max(0, lagMillis - spec.drainPerSecond() * seconds);
    }
  }

  private boolean isRunning() {
    String lower = status.toLowerCase(Locale.ROOT);
    return lower.equals("migrating") || lower.equals("synchronizing");
  }

  private boolean isFinished() {
    return status.equalsIgnoreCase("Finished");
  }

  /**
   * {@code StopDtsJob}: false when the task is already Finished or a stop is already taking effect
   * (DTS refuses both: the task is no longer in a state that can be stopped).
   */
  synchronized boolean stop(Instant now) {
    advanceTo(now);
    if (isFinished() || stopTakesEffectAt != null) {
      return false;
    }
    stopTakesEffectAt = now.plusMillis(spec.stopDelayMillis());
    advanceTo(now);
    return true;
  }

  /** {@code SuspendDtsJob}: false unless the task is running. */
  synchronized boolean suspend(Instant now) {
    advanceTo(now);
    if (!isRunning()) {
      return false;
    }
    status = "Suspending";
    return true;
  }

  /** {@code StartDtsJob}: resumes a paused task; false for a Finished one. */
  synchronized boolean start(Instant now) {
    advanceTo(now);
    if (isFinished()) {
      return false;
    }
    if (!isRunning()) {
      status = "Migrating";
    }
    return true;
  }

  /** True while the task replicates changes: incremental and running, not stopped. */
  synchronized boolean replicates() {
    return incrementalPhase && isRunning() && stopTakesEffectAt == null;
  }

  /** The delay in milliseconds, or {@code null} while incremental replication has not started. */
  synchronized Long delayMillis() {
    return incrementalPhase ? (long) Math.floor(lagMillis) : null;
  }

  private String incrementalStatus() {
    if (spec.incrementalStatus() != null) {
      return spec.incrementalStatus();
    }
    if (!spec.dataSynchronization()) {
      return null;
    }
    if (!incrementalPhase) {
      return "NotStarted";
    }
    if (isFinished()) {
      return "Finished";
    }
    if (status.equalsIgnoreCase("Suspending")) {
      return "Suspending";
    }
    if (status.equalsIgnoreCase("Failed") || status.equalsIgnoreCase("MigrationFailed")) {
      return "Failed";
    }
    return Math.floor(lagMillis) == 0 ? "Catched" : "Migrating";
  }

  private Map<String, Object> migrationMode() {
    Map<String, Object> mode = new LinkedHashMap<>();
    mode.put("StructureInitialization", spec.structureInitialization());
    mode.put("DataInitialization", spec.dataInitialization());
    mode.put("DataSynchronization", spec.dataSynchronization());
    return mode;
  }

  private String fullDataStatus() {
    if (!spec.dataInitialization()) {
      return "NotStarted";
    }
    if (fullLoadEndsAt == null) {
      return "Finished";
    }
    String lower = status.toLowerCase(Locale.ROOT);
    boolean failed = lower.equals("failed") || lower.contains("failed");
    return failed ? "Failed" : "Migrating";
  }

  /** The {@code DescribeDtsJobDetail} fields of this task, delay in {@code delayUnit}. */
  synchronized Map<String, Object> detail(String delayUnit) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("DtsJobId", spec.jobId());
    body.put("DtsInstanceID", spec.instanceId());
    body.put("DtsJobName", spec.name());
    body.put("JobType", "MIGRATION");
    body.put("Status", status());
    body.put("PayType", spec.payType());
    body.put("MigrationMode", migrationMode());
    String incremental = incrementalStatus();
    if (incremental != null) {
      Map<String, Object> sync = new LinkedHashMap<>();
      sync.put("Status", incremental);
      sync.put("Percent", incrementalPhase ? "100" : "0");
      if (spec.incrementalErrorMessage() != null) {
        sync.put("ErrorMessage", spec.incrementalErrorMessage());
      }
      body.put("DataSynchronizationStatus", sync);
    }
    Long delay = delayMillis();
    if (delay != null) {
      body.put("Delay", delayUnit.equals("s") ? delay / 1000 : delay);
      body.put("Checkpoint", lastTick.getEpochSecond() - delay / 1000);
    }
    if (rawDelay != null) {
      body.put("Delay", rawJsonValue(rawDelay));
    }
    if (spec.errorMessage() != null) {
      body.put("ErrorMessage", spec.errorMessage());
    }
    if (finishedAt != null) {
      body.put("FinishTime", finishedAt.toString());
    }
    return body;
  }

  /** An integer of any size as a JSON number, anything else as a JSON string. */
  private static Object rawJsonValue(String raw) {
    return raw.matches("-?\\d+") ? new java.math.BigInteger(raw) : raw;
  }

  /** One {@code DescribeDtsJobs} list item. */
  synchronized Map<String, Object> listItem(String delayUnit) {
    Map<String, Object> item = detail(delayUnit);
    item.remove("Checkpoint");
    item.put("DataInitializationStatus", Map.of("Status", fullDataStatus()));
    return item;
  }

  /** The control view of this task: what the simulator knows, not only what DTS shows. */
  synchronized Map<String, Object> controlView(String delayUnit) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("jobId", spec.jobId());
    view.put("regionId", spec.regionId());
    view.put("status", status());
    view.put("writing", writing);
    view.put("incrementalPhase", incrementalPhase);
    view.put("delayMillis", delayMillis());
    view.put("incrementalStatus", incrementalStatus());
    view.put("stopRequested", stopTakesEffectAt != null);
    view.put("detail", detail(delayUnit));
    return view;
  }
}
