package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.failure.ApplicationFailure;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's {@link WriteFreezeActivities}: resolves the request's freeze target from the
 * worker's own configuration (see {@link FreezeTargets}) and hands each call to the strategy the
 * receipt names: {@code mysql-read-only}, {@code mysql-revoke}, {@code pg-read-only}, {@code
 * pg-revoke} or {@code sim}. {@code manual} and {@code none} are the workflow's own business and
 * are refused here.
 *
 * <p>How a freeze is proven: every database strategy reads its own effect back (the variable, or
 * the effective privileges); {@code mysql-revoke}, {@code pg-read-only} and {@code pg-revoke} also
 * end the application sessions that opened before the freeze and wait until they are gone ({@code
 * mysql-read-only} ends none: {@code read_only} refuses the writes of open sessions at their next
 * statement); and, when the target names a probe account ({@code PROBE_USER}), it logs in as it and
 * attempts a write that changes nothing, which must be refused. Then it reads the source's write
 * counters; {@link #verify} fails with {@link FreezeFailures#BREACHED} when they move. {@code sim}
 * only tells the simulator, and has no counters.
 *
 * <p>Failures: configuration and proof failures are non-retryable ({@link FreezeFailures}); a
 * database that cannot be reached is retryable. {@link #unfreeze} throws only retryable failures,
 * because the workflow retries it until the source is restored: a person can fix the cause (a
 * rotated password, a database that is down) and the next attempt succeeds.
 */
public final class WriteFreezeActivitiesImpl implements WriteFreezeActivities {
  /** The type of every failure {@link #unfreeze} throws: retryable, whatever the cause. */
  public static final String RESTORE_FAILED = "FreezeRestoreFailed";

  private static final Logger log = LoggerFactory.getLogger(WriteFreezeActivitiesImpl.class);

  private final FreezeTargets targets;
  private final String simulatorEndpoint;
  private final HttpClient http;

  private WriteFreezeActivitiesImpl(FreezeTargets targets, String simulatorEndpoint) {
    this.targets = targets;
    this.simulatorEndpoint = simulatorEndpoint;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * The activities for a worker configured by {@code env}, normally {@code System.getenv()}: the
   * {@code CUTOVER_TARGET_*} variables, {@code CUTOVER_TARGETS_FILE} and {@code DTS_ENDPOINT}.
   * Nothing is connected until an activity runs.
   *
   * @throws IllegalArgumentException when the targets file cannot be read
   */
  public static WriteFreezeActivitiesImpl fromEnvironment(Map<String, String> env) {
    return new WriteFreezeActivitiesImpl(
        FreezeTargets.fromEnvironment(env), env.get(SimulatorFreeze.ENDPOINT_VARIABLE));
  }

  @Override
  public FreezeReceipt prepare(FreezeSpec spec) {
    if (spec == null || spec.strategy() == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the freeze spec names no strategy", FreezeFailures.CONFIGURATION);
    }
    FreezeReceipt receipt = strategy(spec).prepare(spec);
    log.info(
        "{}: prepared {} on '{}': {} settings and {} privileges recorded",
        spec.cutoverId(),
        spec.strategy().cliName(),
        spec.target(),
        receipt.previousSettings().size(),
        receipt.revokedPrivileges().size());
    return receipt;
  }

  @Override
  public FreezeProof freeze(FreezeReceipt receipt) {
    FreezeProof proof = strategy(receipt.spec()).freeze(receipt);
    log.info("{}: frozen: {}", receipt.spec().cutoverId(), proof.checks());
    return proof;
  }

  @Override
  public FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline) {
    return strategy(receipt.spec()).verify(receipt, baseline);
  }

  @Override
  public void unfreeze(FreezeReceipt receipt) {
    try {
      strategy(receipt.spec()).unfreeze(receipt);
      log.info("{}: unfrozen", receipt.spec().cutoverId());
    } catch (ApplicationFailure failure) {
      throw ApplicationFailure.newFailure(
          "cannot restore the source yet (will retry): "
              + failure.getOriginalMessage()
              + " ["
              + failure.getType()
              + "]",
          RESTORE_FAILED);
    } catch (RuntimeException e) {
      throw ApplicationFailure.newFailure(
          "cannot restore the source yet (will retry): " + e.getMessage(), RESTORE_FAILED);
    }
  }

  /** The strategy that carries out {@code spec}, bound to its target. */
  SourceFreeze strategy(FreezeSpec spec) {
    return switch (spec.strategy()) {
      case MYSQL_READ_ONLY -> new MySqlReadOnlyFreeze(target(spec, DatabaseKind.MYSQL));
      case MYSQL_REVOKE -> new MySqlRevokeFreeze(target(spec, DatabaseKind.MYSQL));
      case PG_READ_ONLY -> new PgReadOnlyFreeze(target(spec, DatabaseKind.POSTGRESQL));
      case PG_REVOKE -> new PgRevokeFreeze(target(spec, DatabaseKind.POSTGRESQL));
      case SIM -> new SimulatorFreeze(simulatorEndpoint, http);
      case MANUAL, NONE ->
          throw ApplicationFailure.newNonRetryableFailure(
              "the "
                  + spec.strategy().cliName()
                  + " freeze strategy is carried out by the workflow, not by a worker activity;"
                  + " this call is a bug in the workflow",
              FreezeFailures.UNSUPPORTED);
    };
  }

  private FreezeTarget target(FreezeSpec spec, DatabaseKind expected) {
    FreezeTarget target = targets.resolve(spec.target());
    if (target.kind() != expected) {
      throw ApplicationFailure.newNonRetryableFailure(
          "freeze strategy "
              + spec.strategy().cliName()
              + " works on "
              + (expected == DatabaseKind.MYSQL ? "MySQL/MariaDB" : "PostgreSQL")
              + " but freeze target '"
              + target.name()
              + "' is "
              + (target.kind() == DatabaseKind.MYSQL ? "MySQL/MariaDB" : "PostgreSQL")
              + " ("
              + target.variable(FreezeTargets.JDBC_URL)
              + "): pick a strategy for that database",
          FreezeFailures.UNSUPPORTED);
    }
    return target;
  }
}
