package io.dtscutover.worker.freeze;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Opens JDBC connections to a freeze target: as the freeze account, or as the probe account that
 * proves application writes fail. Every connection has bounded connect and socket timeouts, so a
 * stuck database fails the activity attempt (which Temporal retries) instead of hanging it.
 */
final class TargetConnections {
  private static final int CONNECT_TIMEOUT_SECONDS = 10;
  private static final int SOCKET_TIMEOUT_SECONDS = 120;

  private TargetConnections() {}

  /** A connection as the freeze account; failures mapped by {@link DatabaseFailures}. */
  static Connection admin(FreezeTarget target, String action) {
    return open(target, target.user(), target.password(), action);
  }

  /** A connection as the probe account; failures mapped by {@link DatabaseFailures}. */
  static Connection probe(FreezeTarget target, String action) {
    return open(target, target.probeUser(), target.probePassword(), action);
  }

  private static Connection open(FreezeTarget target, String user, Secret password, String action) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password.reveal() != null) {
      properties.setProperty("password", password.reveal());
    }
    String url = target.jdbcUrl();
    if (target.kind() == DatabaseKind.MYSQL) {
      // MariaDB Connector/J speaks to MySQL too; it only accepts its own URL scheme by default.
      url = url.replaceFirst("(?i)^jdbc:mysql:", "jdbc:mariadb:");
      properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000));
      properties.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS * 1000));
    } else {
      properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
      properties.setProperty("socketTimeout", String.valueOf(SOCKET_TIMEOUT_SECONDS));
      properties.setProperty("ApplicationName", "dts-cutover write freeze");
    }
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, user, action);
    }
  }
}
