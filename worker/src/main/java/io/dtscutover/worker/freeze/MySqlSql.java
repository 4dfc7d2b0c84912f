package io.dtscutover.worker.freeze;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** Quoting and session settings for the SQL the MySQL/MariaDB strategies send. */
final class MySqlSql {
  private MySqlSql() {}

  /** Statement settings for the freeze account's session: bounded lock waits. */
  static void configure(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      // SET GLOBAL read_only and GRANT/REVOKE wait for locks; fail the attempt instead of hanging.
      statement.execute("SET SESSION lock_wait_timeout = 30");
    }
  }

  /** A quoted identifier: {@code `name`}. */
  static String identifier(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** A quoted string literal, safe with and without NO_BACKSLASH_ESCAPES. */
  static String literal(String value) {
    if (value.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("backslash in an account name is not supported: " + value);
    }
    return "'" + value.replace("'", "''") + "'";
  }

  static String inList(Collection<String> values) {
    List<String> quoted = new ArrayList<>();
    for (String value : values) {
      quoted.add(literal(value));
    }
    Collections.sort(quoted);
    return "(" + String.join(", ", quoted) + ")";
  }

  static String placeholders(int count) {
    return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
  }
}
