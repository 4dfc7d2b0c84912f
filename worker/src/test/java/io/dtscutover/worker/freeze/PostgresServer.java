package io.dtscutover.worker.freeze;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One real PostgreSQL server for the whole test run, started from the zonky binaries on the
 * classpath on a free port. Every role but the bootstrap superuser {@code postgres} must log in
 * with its password (scram-sha-256), so wrong passwords are refused as in production. The freeze
 * strategies run as the superuser {@link #ADMIN}. Stopped when the JVM exits.
 */
final class PostgresServer {
  static final String ADMIN = "freeze_admin";
  static final String ADMIN_PASSWORD = "Adm1n-Pa55-for-freeze";

  private static final int START_ATTEMPTS = 3;
  private static final Duration START_WAIT = Duration.ofMinutes(2);

  private static PostgresServer shared;

  private final EmbeddedPostgres postgres;

  private PostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  static synchronized PostgresServer shared() {
    if (shared == null) {
      try {
        Path hba = Files.createTempFile("pg_hba", ".conf");
        Files.writeString(
            hba,
            String.join(
                "\n",
                "local all all trust",
                "host all postgres 127.0.0.1/32 trust",
                "host all postgres ::1/128 trust",
                "host all all 127.0.0.1/32 scram-sha-256",
                "host all all ::1/128 scram-sha-256",
                ""));
        EmbeddedPostgres postgres = startWithRetries(hba);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres)));
        shared = new PostgresServer(postgres);
        shared.execAsBootstrap(
            "postgres",
            "CREATE ROLE " + ADMIN + " LOGIN SUPERUSER PASSWORD '" + ADMIN_PASSWORD + "'");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      } catch (SQLException e) {
        throw new IllegalStateException("cannot set up the embedded PostgreSQL", e);
      }
    }
    return shared;
  }

  /**
   * Starts the server, again on another port when an attempt fails: the free port zonky picks can
   * be taken by another process before postgres binds it. Each attempt may take two minutes to come
   * up (zonky's own 10 s is short when three test JVMs start servers at once on two cores).
   */
  private static EmbeddedPostgres startWithRetries(Path hba) throws IOException {
    IOException first = null;
    for (int attempt = 1; ; attempt++) {
      try {
        return EmbeddedPostgres.builder()
            .setPGStartupWait(START_WAIT)
            .setServerConfig("hba_file", hba.toString())
            .setServerConfig("password_encryption", "scram-sha-256")
            .start();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
        if (attempt == START_ATTEMPTS) {
          throw first;
        }
      }
    }
  }

  private static void close(EmbeddedPostgres postgres) {
    try {
      postgres.close();
    } catch (IOException e) {
      // the JVM is exiting; nothing left to do
    }
  }

  String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
  }

  Connection connect(String database, String user, String password) throws SQLException {
    return DriverManager.getConnection(url(database), user, password);
  }

  Connection admin(String database) throws SQLException {
    return connect(database, ADMIN, ADMIN_PASSWORD);
  }

  /**
   * Creates {@code database} with {@code roles} (the statements creating them) and runs {@code
   * setup} in it, unless an earlier test class of this run already did.
   */
  synchronized void createOnce(String database, List<String> roles, String... setup)
      throws SQLException {
    try (Connection connection = admin("postgres");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
      if (rows.next()) {
        return;
      }
    }
    List<String> bootstrap = new ArrayList<>(roles);
    bootstrap.add(0, "CREATE DATABASE " + database);
    exec("postgres", bootstrap.toArray(String[]::new));
    exec(database, setup);
  }

  /** Runs each statement as the administrator in {@code database}. */
  void exec(String database, String... statements) throws SQLException {
    try (Connection connection = admin(database);
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private void execAsBootstrap(String database, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url(database), "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
