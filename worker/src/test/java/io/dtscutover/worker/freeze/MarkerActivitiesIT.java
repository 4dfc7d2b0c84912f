package io.dtscutover.worker.freeze;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.dtscutover.proof.MarkerActivities;
import io.dtscutover.proof.MarkerCheck;
import io.dtscutover.proof.MarkerFailures;
import io.dtscutover.proof.MarkerSpec;
import io.dtscutover.proof.MarkerWrite;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The marker activities against real MariaDB and PostgreSQL, under each real freeze: the marker is
 * written while the application cannot write, the freeze stays verifiable with the marker's row in
 * the counters, and preflight refuses a missing table or an account the freeze would stop.
 */
class MarkerActivitiesIT {
  static final String DESTINATION = "orders-dest";

  static Stream<FreezeStrategyContract> sources() throws SQLException {
    return CutoverWithRealFreezeIT.sources();
  }

  /** The source's settings plus a destination target: the source's database name + suffix. */
  static Map<String, String> env(FreezeStrategyContract source, String suffix) throws SQLException {
    return env(source, suffix, source instanceof MySqlFreezeContract);
  }

  /**
   * The source's settings plus a destination target named after the source's database with {@code
   * suffix}, on the shared MariaDB server when {@code mysql}, on the PostgreSQL one otherwise.
   */
  static Map<String, String> env(FreezeStrategyContract source, String suffix, boolean mysql)
      throws SQLException {
    Map<String, String> env = new HashMap<>(FreezeStrategyContract.env(source.targetSettings()));
    String sourceUrl = source.targetSettings().get(FreezeTargets.JDBC_URL);
    String database = sourceUrl.substring(sourceUrl.lastIndexOf('/') + 1) + suffix;
    String url =
        mysql ? MariaDbServer.shared().url(database) : PostgresServer.shared().url(database);
    if (mysql) {
      MariaDbServer.shared().exec("CREATE DATABASE IF NOT EXISTS " + database);
    } else {
      PostgresServer.shared().createOnce(database, List.of());
    }
    env.put(FreezeTargets.variable(DESTINATION, FreezeTargets.JDBC_URL), url);
    env.put(
        FreezeTargets.variable(DESTINATION, FreezeTargets.USER),
        mysql ? MariaDbServer.ADMIN : PostgresServer.ADMIN);
    env.put(
        FreezeTargets.variable(DESTINATION, FreezeTargets.PASSWORD),
        mysql ? MariaDbServer.ADMIN_PASSWORD : PostgresServer.ADMIN_PASSWORD);
    return env;
  }

  static MarkerSpec spec(FreezeStrategyContract source) {
    return new MarkerSpec(
        FreezeStrategyContract.TARGET, DESTINATION, source.strategy(), "cutover-marker-test");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void theMarkerIsWrittenWhileFrozenAndTheFreezeStaysVerifiable(FreezeStrategyContract source)
      throws Exception {
    Map<String, String> env = env(source, "_dest");
    MarkerActivitiesImpl markers = MarkerActivitiesImpl.fromEnvironment(env);
    assertTrue(markers.createTable(FreezeStrategyContract.TARGET).contains("migration objects"));
    markers.createTable(DESTINATION);
    MarkerCheck check = markers.check(spec(source));
    assertTrue(check.checks().stream().anyMatch(c -> c.contains("works (rolled back)")));
    WriteFreezeActivities freezes = source.activities();
    FreezeReceipt receipt = freezes.prepare(source.spec());
    try {
      FreezeProof frozen = freezes.freeze(receipt);
      source.appCannotWrite();
      String token = UUID.randomUUID().toString();

      MarkerWrite written = markers.write(spec(source), token, receipt, frozen);

      assertNotNull(written.writtenAt());
      assertNull(written.seenAt(), "nothing replicates in this test");
      assertTrue(rowCount(source, token) == 1, "the marker row is on the source");
      source.appCannotWrite();
      // The next verify compares against the baseline with the marker in it: no false breach.
      freezes.verify(receipt, written.baseline());
      // A retry of the same write finds its row: same time, no second row, still no breach.
      MarkerWrite again = markers.write(spec(source), token, receipt, frozen);
      assertEquals(written.writtenAt(), again.writtenAt());
      assertEquals(1, rowCount(source, token));
      freezes.verify(receipt, again.baseline());
    } finally {
      freezes.unfreeze(receipt);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sources")
  void aMissingMarkerTableOnTheDestinationIsRefusedByThePreflight(FreezeStrategyContract source)
      throws Exception {
    Map<String, String> env = env(source, "_nomarker");
    MarkerActivitiesImpl markers = MarkerActivitiesImpl.fromEnvironment(env);
    markers.createTable(FreezeStrategyContract.TARGET);

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> markers.check(spec(source)));

    assertEquals(MarkerFailures.TABLE_MISSING, failure.getType());
    assertTrue(
        failure.getOriginalMessage().contains("cutover marker init --target " + DESTINATION),
        failure.getOriginalMessage());
  }

  /** mysql-read-only: an account that read_only would stop cannot write the marker while frozen. */
  @Test
  void anAccountReadOnlyWouldStopIsRefusedByThePreflight() throws Exception {
    MySqlReadOnlyFreezeIT.createShop();
    MySqlReadOnlyFreezeIT source = new MySqlReadOnlyFreezeIT();
    Map<String, String> env = env(source, "_dest");
    MarkerActivitiesImpl.fromEnvironment(env).createTable(FreezeStrategyContract.TARGET);
    MarkerActivitiesImpl.fromEnvironment(env).createTable(DESTINATION);
    MariaDbServer.shared()
        .exec(
            "CREATE USER IF NOT EXISTS 'marker_plain'@'%' IDENTIFIED BY 'Plain-Pa55-marker'",
            "GRANT SELECT, INSERT ON shop_ro.* TO 'marker_plain'@'%'");
    env.put(
        FreezeTargets.variable(FreezeStrategyContract.TARGET, FreezeTargets.USER), "marker_plain");
    env.put(
        FreezeTargets.variable(FreezeStrategyContract.TARGET, FreezeTargets.PASSWORD),
        "Plain-Pa55-marker");
    MarkerActivities markers = MarkerActivitiesImpl.fromEnvironment(env);

    ApplicationFailure failure =
        assertThrows(ApplicationFailure.class, () -> markers.check(spec(source)));

    assertEquals(MarkerFailures.NO_ACCESS, failure.getType());
    assertTrue(
        failure.getOriginalMessage().contains("cannot write the marker while read_only is ON"),
        failure.getOriginalMessage());
  }

  /** pg-read-only: the marker session opts out of the read-only default the freeze sets. */
  @Test
  void aManualFreezeWritesTheMarkerWithoutAReceipt() throws Exception {
    PgReadOnlyFreezeIT.createShop();
    PgReadOnlyFreezeIT source = new PgReadOnlyFreezeIT();
    Map<String, String> env = env(source, "_dest");
    MarkerActivitiesImpl markers = MarkerActivitiesImpl.fromEnvironment(env);
    markers.createTable(FreezeStrategyContract.TARGET);
    markers.createTable(DESTINATION);
    MarkerSpec manual =
        new MarkerSpec(
            FreezeStrategyContract.TARGET,
            DESTINATION,
            io.dtscutover.freeze.FreezeStrategy.MANUAL,
            "cutover-manual");
    markers.check(manual);
    String token = UUID.randomUUID().toString();

    MarkerWrite written = markers.write(manual, token, null, null);

    assertNull(written.baseline());
    assertEquals(1, rowCount(source, token));
  }

  private static int rowCount(FreezeStrategyContract source, String token) throws SQLException {
    Map<String, String> settings = source.targetSettings();
    String url = settings.get(FreezeTargets.JDBC_URL);
    try (Connection connection =
            DriverManager.getConnection(
                url, settings.get(FreezeTargets.USER), settings.get(FreezeTargets.PASSWORD));
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM dts_cutover_marker WHERE token = '" + token + "'")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
