package io.dtscutover.worker.freeze;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link FreezeStrategyContract} on the shared PostgreSQL server: one database with an {@code
 * orders} table, and one application role that is also the probe. Each {@code pg-*} test class
 * names its own database and role, creates them in its {@code @BeforeAll}, and says how a write
 * gets past its freeze.
 */
abstract class PgFreezeContract extends FreezeStrategyContract {
  final PostgresServer server = PostgresServer.shared();
  private final String database;
  private final String app;

  PgFreezeContract(String database, String app) {
    this.database = database;
    this.app = app;
  }

  @Override
  Map<String, String> targetSettings() {
    return targetSettings(
        server.url(database), PostgresServer.ADMIN, PostgresServer.ADMIN_PASSWORD, app);
  }

  @Override
  Connection appConnection() throws SQLException {
    return server.connect(database, app, APP_PASSWORD);
  }

  @Override
  String sourceState() throws SQLException {
    return PgState.of(server, database);
  }

  @Override
  List<String> secrets() throws SQLException {
    List<String> secrets = new ArrayList<>(List.of(APP_PASSWORD, PostgresServer.ADMIN_PASSWORD));
    secrets.addAll(PgState.passwordHashes(server, List.of(app, PostgresServer.ADMIN)));
    return secrets;
  }
}
