package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.proof.MarkerActivities;
import io.dtscutover.proof.MarkerCheck;
import io.dtscutover.proof.MarkerSpec;
import io.dtscutover.proof.MarkerWrite;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's {@link MarkerActivities} on MySQL/MariaDB and PostgreSQL. Source and destination are
 * targets of the worker's own configuration ({@code
 * CUTOVER_TARGET_<NAME>_JDBC_URL/_USER/_PASSWORD}, see {@link FreezeTargets}); the marker is
 * written and read as each target's {@code USER}.
 *
 * <p>Which session can write while frozen, by strategy:
 *
 * <ul>
 *   <li>{@code mysql-read-only}: the freeze account, which must write through {@code read_only}
 *       (READ_ONLY ADMIN on MariaDB, CONNECTION_ADMIN or SUPER on MySQL); {@code super_read_only}
 *       stops every account and is refused;
 *   <li>{@code mysql-revoke}, {@code pg-revoke}: the freeze account, whose own privileges the
 *       freeze leaves alone (on PostgreSQL it must hold INSERT itself, not through an application
 *       role);
 *   <li>{@code pg-read-only}: the freeze account in a session that opts out of the database's
 *       read-only default;
 *   <li>{@code manual}, {@code none}, {@code sim}: the proof source's account, as for the others.
 * </ul>
 *
 * Preflight proves each of these with the table and grants as they are, and by a write it rolls
 * back. The marker's own row moves the source's write counters: {@link #write} checks the counters
 * against the freeze's baseline before writing, and hands back the counters with the marker in them
 * as the new baseline, so a write by anyone else is still a breach.
 */
public final class MarkerActivitiesImpl implements MarkerActivities {
  private static final Logger log = LoggerFactory.getLogger(MarkerActivitiesImpl.class);

  /** The insert counters the freeze strategies read, one of which the marker's row moves. */
  private static final List<String> INSERT_COUNTERS =
      List.of("Innodb_rows_inserted", "Handler_write", "n_tup_ins");

  private final FreezeTargets targets;
  private final WriteFreezeActivitiesImpl freezes;

  private MarkerActivitiesImpl(FreezeTargets targets, WriteFreezeActivitiesImpl freezes) {
    this.targets = targets;
    this.freezes = freezes;
  }

  /**
   * The activities for a worker configured by {@code env}: the {@code CUTOVER_TARGET_*} variables
   * and {@code CUTOVER_TARGETS_FILE}. Nothing is connected until an activity runs.
   *
   * @throws IllegalArgumentException when the targets file cannot be read
   */
  public static MarkerActivitiesImpl fromEnvironment(Map<String, String> env) {
    return new MarkerActivitiesImpl(
        FreezeTargets.fromEnvironment(env), WriteFreezeActivitiesImpl.fromEnvironment(env));
  }

  /**
   * Creates {@code dts_cutover_marker} on target {@code name} if it is not there ({@code cutover
   * marker init}); returns what was done, in words.
   */
  public String createTable(String name) {
    FreezeTarget target = targets.resolve(name);
    try (Connection connection = TargetConnections.admin(target, "creating the marker table")) {
      MarkerTable.configure(connection, target.kind());
      try (Statement statement = connection.createStatement()) {
        statement.execute(MarkerTable.createStatement(target.kind()));
      }
      MarkerTable.requireReadable(connection, target, "source");
      return "table "
          + MarkerTable.NAME
          + " is ready on target '"
          + name
          + "' ("
          + (target.kind() == DatabaseKind.MYSQL ? "MySQL/MariaDB" : "PostgreSQL")
          + "); make it one of the DTS task's migration objects, and let the destination's"
          + " account read it";
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "creating the marker table");
    }
  }

  @Override
  public MarkerCheck check(MarkerSpec spec) {
    FreezeTarget source = targets.resolve(spec.source());
    FreezeTarget destination = targets.resolve(spec.destination());
    List<String> checks = new ArrayList<>();
    try (Connection connection = TargetConnections.admin(source, "checking the marker table")) {
      MarkerTable.configure(connection, source.kind());
      MarkerTable.requireReadable(connection, source, "source");
      if (source.kind() == DatabaseKind.MYSQL) {
        checks.add(MarkerTable.requireWritableWhileFrozen(connection, source, spec.strategy()));
      } else if (spec.strategy() == FreezeStrategy.PG_REVOKE) {
        checks.add(MarkerTable.requirePgWriteOfItsOwn(connection, source));
      } else if (spec.strategy() == FreezeStrategy.PG_READ_ONLY) {
        checks.add(source.user() + " writes in a session that opts out of the read-only default");
      }
      MarkerTable.probeWrite(connection, source, spec.cutoverId());
      checks.add("a marker write on " + source.name() + " works (rolled back)");
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, source, source.user(), "checking the marker table");
    }
    try (Connection connection =
        TargetConnections.admin(destination, "checking the marker table")) {
      MarkerTable.requireReadable(connection, destination, "destination");
      checks.add(destination.user() + " reads " + MarkerTable.NAME + " on " + destination.name());
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, destination, destination.user(), "checking the marker table");
    }
    return new MarkerCheck(checks);
  }

  @Override
  public MarkerWrite write(
      MarkerSpec spec, String token, FreezeReceipt receipt, FreezeProof baseline) {
    FreezeTarget source = targets.resolve(spec.source());
    FreezeTarget destination = targets.resolve(spec.destination());
    SourceFreeze freeze =
        receipt == null || baseline == null ? null : freezes.strategy(receipt.spec());
    Instant writtenAt;
    FreezeProof after = null;
    try (Connection connection = TargetConnections.admin(source, "writing the marker")) {
      MarkerTable.configure(connection, source.kind());
      Optional<Instant> earlier = MarkerTable.find(connection, source, token, "source");
      boolean counted = freeze != null && counted(connection, source, receipt);
      if (freeze != null) {
        // A retry finds its own row from the attempt before: that one is counted already.
        FreezeProof expected = earlier.isPresent() && counted ? withOwnRow(baseline) : baseline;
        after = freeze.verify(receipt, expected);
      }
      if (earlier.isPresent()) {
        writtenAt = earlier.get();
      } else {
        writtenAt = MarkerTable.insert(connection, source, token, spec.cutoverId());
        flushCounts(connection, source);
        if (freeze != null) {
          after = freeze.verify(receipt, counted ? withOwnRow(after) : after);
        }
      }
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, source, source.user(), "writing the marker");
    }
    log.info("{}: marker {} written on '{}'", spec.cutoverId(), token, source.name());
    Instant seenAt = look(destination, token, LOOK, Duration.ofMillis(250), false);
    return new MarkerWrite(token, writtenAt, seenAt, after);
  }

  @Override
  public Instant awaitSeen(MarkerSpec spec, String token, Duration pollInterval) {
    FreezeTarget destination = targets.resolve(spec.destination());
    Instant seenAt = look(destination, token, untilDeadline(pollInterval), pollInterval, true);
    if (seenAt == null) {
      log.warn(
          "{}: marker {} not seen on '{}' before the deadline",
          spec.cutoverId(),
          token,
          destination.name());
    } else {
      log.info("{}: marker {} seen on '{}'", spec.cutoverId(), token, destination.name());
    }
    return seenAt;
  }

  /**
   * How long this attempt may look: until one poll before the activity's schedule-to-close
   * deadline, so that it answers "not seen" itself rather than being timed out mid-read.
   */
  private static Duration untilDeadline(Duration pollInterval) {
    var info = Activity.getExecutionContext().getInfo();
    Duration timeout = info.getScheduleToCloseTimeout();
    if (timeout == null || timeout.isZero()) {
      return null;
    }
    Instant deadline =
        Instant.ofEpochMilli(info.getScheduledTimestamp()).plus(timeout).minus(pollInterval);
    Duration left = Duration.between(Instant.now(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * Reads the destination every {@code every} until the marker is there, for at most {@code atMost}
   * ({@code null}: until the activity's timeout cancels it). Returns when it was first seen, or
   * {@code null}.
   */
  private Instant look(
      FreezeTarget destination, String token, Duration atMost, Duration every, boolean heartbeat) {
    long giveUpAt = atMost == null ? Long.MAX_VALUE : System.nanoTime() + atMost.toNanos();
    try (Connection connection = TargetConnections.admin(destination, "reading the marker")) {
      while (true) {
        if (MarkerTable.find(connection, destination, token, "destination").isPresent()) {
          return Instant.now();
        }
        if (heartbeat) {
          Activity.getExecutionContext().heartbeat("marker " + token + " not seen yet");
        }
        if (System.nanoTime() + every.toNanos() > giveUpAt) {
          return null;
        }
        Thread.sleep(every.toMillis());
      }
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, destination, destination.user(), "reading the marker");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("interrupted while reading the marker", "Interrupted");
    }
  }

  /** Whether the freeze's counters see a row of the marker table at all. */
  private static boolean counted(Connection connection, FreezeTarget source, FreezeReceipt receipt)
      throws SQLException {
    String schemas = receipt.previousSettings().get(PgRevokeFreeze.SCHEMAS);
    if (source.kind() != DatabaseKind.POSTGRESQL || schemas == null || schemas.isBlank()) {
      return true;
    }
    return Arrays.asList(schemas.split(",")).contains(MarkerTable.pgSchema(connection));
  }

  /** {@code proof}'s counters with the marker's one inserted row added. */
  private static FreezeProof withOwnRow(FreezeProof proof) {
    Map<String, Long> counters = new HashMap<>(proof.writeCounters());
    for (String name : INSERT_COUNTERS) {
      if (counters.containsKey(name)) {
        counters.merge(name, 1L, Long::sum);
        break;
      }
    }
    return new FreezeProof(proof.checkedAt(), counters, proof.checks());
  }

  /** PostgreSQL publishes a session's counts when it goes idle: make this one go now. */
  private static void flushCounts(Connection connection, FreezeTarget source) throws SQLException {
    if (source.kind() == DatabaseKind.POSTGRESQL) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_stat_force_next_flush()");
        statement.execute("SELECT 1");
      }
    }
  }
}
