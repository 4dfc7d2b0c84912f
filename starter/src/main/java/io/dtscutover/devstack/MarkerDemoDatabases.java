package io.dtscutover.devstack;

import io.dtscutover.simulator.MarkerReplicationSpec;
import io.dtscutover.worker.freeze.MarkerActivitiesImpl;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Two embedded PostgreSQL servers for {@code cutover demo --proof marker}: the source the marker is
 * written to and the destination the simulated DTS task copies it into. Each has the marker table,
 * and both are configured as worker targets ({@link #SOURCE}, {@link #DESTINATION}). Local demo
 * databases only: the built-in superuser over loopback, no password.
 */
public final class MarkerDemoDatabases implements AutoCloseable {
  /** The target name of the source database. */
  public static final String SOURCE = "demo-source";

  /** The target name of the destination database. */
  public static final String DESTINATION = "demo-destination";

  /** Zonky's own 10 s is short when other processes keep a two-core machine busy. */
  private static final Duration STARTUP_WAIT = Duration.ofMinutes(1);

  private final EmbeddedPostgres source;
  private final EmbeddedPostgres destination;

  private MarkerDemoDatabases(EmbeddedPostgres source, EmbeddedPostgres destination) {
    this.source = source;
    this.destination = destination;
  }

  /** Starts both servers and creates the marker table on each. */
  public static MarkerDemoDatabases start() {
    EmbeddedPostgres source = null;
    EmbeddedPostgres destination = null;
    try {
      source = EmbeddedPostgres.builder().setPGStartupWait(STARTUP_WAIT).start();
      destination = EmbeddedPostgres.builder().setPGStartupWait(STARTUP_WAIT).start();
      MarkerDemoDatabases databases = new MarkerDemoDatabases(source, destination);
      MarkerActivitiesImpl markers = MarkerActivitiesImpl.fromEnvironment(databases.targets());
      markers.createTable(SOURCE);
      markers.createTable(DESTINATION);
      return databases;
    } catch (IOException | RuntimeException e) {
      close(source);
      close(destination);
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot start the demo's embedded PostgreSQL", io);
      }
      throw (RuntimeException) e;
    }
  }

  /** The worker's target variables for both databases. */
  public Map<String, String> targets() {
    Map<String, String> env = new HashMap<>();
    put(env, SOURCE, source);
    put(env, DESTINATION, destination);
    return env;
  }

  /**
   * The simulated task {@code jobId} copies the marker table, or, when lying, only says it does.
   */
  public MarkerReplicationSpec replication(String jobId, boolean replicating) {
    return new MarkerReplicationSpec(
        jobId, url(source), "postgres", "", url(destination), "postgres", "", replicating, 200L);
  }

  private static void put(Map<String, String> env, String name, EmbeddedPostgres server) {
    String prefix = "CUTOVER_TARGET_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    env.put(prefix + "JDBC_URL", url(server));
    env.put(prefix + "USER", "postgres");
    env.put(prefix + "PASSWORD", "");
  }

  private static String url(EmbeddedPostgres server) {
    return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/postgres";
  }

  @Override
  public void close() {
    close(source);
    close(destination);
  }

  private static void close(EmbeddedPostgres server) {
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        // the demo is ending; the server's files are temporary
      }
    }
  }
}
