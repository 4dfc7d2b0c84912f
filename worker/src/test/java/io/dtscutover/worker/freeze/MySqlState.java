package io.dtscutover.worker.freeze;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What a MySQL freeze touches, as text: read_only and every grant of the given users. */
public final class MySqlState {
  private MySqlState() {}

  public static String of(MariaDbServer server, List<String> users) throws SQLException {
    StringBuilder state = new StringBuilder();
    try (Connection connection = server.admin();
        Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("SELECT @@GLOBAL.read_only")) {
        rows.next();
        state.append("read_only=").append(rows.getString(1)).append('\n');
      }
      for (String user : users) {
        List<String> hosts = new ArrayList<>();
        try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT Host FROM mysql.user WHERE User = ? ORDER BY Host")) {
          query.setString(1, user);
          try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              hosts.add(rows.getString(1));
            }
          }
        }
        for (String host : hosts) {
          try (ResultSet rows =
              statement.executeQuery("SHOW GRANTS FOR '" + user + "'@'" + host + "'")) {
            while (rows.next()) {
              state.append(rows.getString(1)).append('\n');
            }
          }
        }
      }
    }
    return state.toString();
  }

  static List<String> passwordHashes(MariaDbServer server, List<String> users) throws SQLException {
    List<String> hashes = new ArrayList<>();
    try (Connection connection = server.admin()) {
      for (String user : users) {
        try (PreparedStatement query =
            connection.prepareStatement(
                "SELECT authentication_string FROM mysql.user WHERE User = ?")) {
          query.setString(1, user);
          try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
              String hash = rows.getString(1);
              if (hash != null && !hash.isEmpty()) {
                hashes.add(hash);
              }
            }
          }
        }
      }
    }
    return hashes;
  }
}
