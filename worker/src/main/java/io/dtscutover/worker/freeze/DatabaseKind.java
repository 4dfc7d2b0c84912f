package io.dtscutover.worker.freeze;

import java.util.Locale;
import java.util.Optional;

/** The database family a JDBC URL points at, which decides the strategies that fit it. */
enum DatabaseKind {
  /** MySQL or MariaDB, reached with MariaDB Connector/J. */
  MYSQL,
  /** PostgreSQL, reached with pgjdbc. */
  POSTGRESQL;

  /** The family of a {@code jdbc:mariadb:}, {@code jdbc:mysql:} or {@code jdbc:postgresql:} URL. */
  static Optional<DatabaseKind> of(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:mariadb://") || url.startsWith("jdbc:mysql://")) {
      return Optional.of(MYSQL);
    }
    if (url.startsWith("jdbc:postgresql://")) {
      return Optional.of(POSTGRESQL);
    }
    return Optional.empty();
  }
}
