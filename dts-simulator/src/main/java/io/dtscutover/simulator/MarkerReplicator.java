package io.dtscutover.simulator;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the marker table of one simulated task, as {@link MarkerReplicationSpec} describes: every
 * period it reads the source's rows, and inserts on the destination each row that is missing there
 * and has waited at least the task's current delay since the simulator first saw it.
 */
final class MarkerReplicator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MarkerReplicator.class);
  private static final String TABLE = "dts_cutover_marker";

  private final MarkerReplicationSpec spec;
  private final SimulatedJob job;
  private final Clock clock;
  private final AtomicBoolean replicating;
  private final Map<String, Instant> firstSeen = new HashMap<>();
  private final ScheduledExecutorService schedule;

  MarkerReplicator(MarkerReplicationSpec spec, SimulatedJob job, Clock clock) {
    this.spec = spec;
    this.job = job;
    this.clock = clock;
    this.replicating = new AtomicBoolean(spec.replicatingAtStart());
    this.schedule =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "dts-sim-replicate-" + spec.jobId());
              thread.setDaemon(true);
              return thread;
            });
    schedule.scheduleWithFixedDelay(this::copySafely, 0, spec.period(), TimeUnit.MILLISECONDS);
  }

  /** Whether rows are copied; false plays a task that reports lag but carries nothing. */
  void setReplicating(boolean value) {
    replicating.set(value);
  }

  boolean replicating() {
    return replicating.get();
  }

  private void copySafely() {
    try {
      copy();
    } catch (SQLException | RuntimeException e) {
      // A database that is not up yet, or a table not created yet: try again next period.
      log.debug("marker replication of {}: {}", spec.jobId(), e.getMessage());
    }
  }

  private void copy() throws SQLException {
    Instant now = clock.instant();
    job.advanceTo(now);
    if (!replicating.get() || !job.replicates()) {
      return;
    }
    Long delay = job.delayMillis();
    Duration lag = Duration.ofMillis(delay == null ? 0 : delay);
    try (Connection source =
            connect(spec.sourceJdbcUrl(), spec.sourceUser(), spec.sourcePassword());
        Connection destination =
            connect(spec.destinationJdbcUrl(), spec.destinationUser(), spec.destinationPassword());
        PreparedStatement rows =
            source.prepareStatement("SELECT id, workflow_id, token, written_at FROM " + TABLE);
        ResultSet row = rows.executeQuery()) {
      while (row.next()) {
        String id = row.getString(1);
        Instant seen = firstSeen.computeIfAbsent(id, ignored -> now);
        if (Duration.between(seen, now).compareTo(lag) < 0 || present(destination, id)) {
          continue;
        }
        try (PreparedStatement insert =
            destination.prepareStatement(
                "INSERT INTO "
                    + TABLE
                    + " (id, workflow_id, token, written_at) VALUES (?,?,?,?)")) {
          insert.setString(1, id);
          insert.setString(2, row.getString(2));
          insert.setString(3, row.getString(3));
          Timestamp writtenAt = row.getTimestamp(4);
          insert.setTimestamp(4, writtenAt);
          insert.executeUpdate();
        }
        log.info("marker replication of {}: copied row {}", spec.jobId(), id);
      }
    }
  }

  private static boolean present(Connection destination, String id) throws SQLException {
    try (PreparedStatement select =
        destination.prepareStatement("SELECT 1 FROM " + TABLE + " WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    // MariaDB Connector/J speaks to MySQL too; it only accepts its own URL scheme by default.
    return DriverManager.getConnection(
        url.replaceFirst("(?i)^jdbc:mysql:", "jdbc:mariadb:"), properties);
  }

  @Override
  public void close() {
    schedule.shutdownNow();
  }
}
