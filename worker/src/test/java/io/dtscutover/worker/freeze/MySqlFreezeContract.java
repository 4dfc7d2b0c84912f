package io.dtscutover.worker.freeze;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link FreezeStrategyContract} on the shared MariaDB server: one database with an {@code orders}
 * table, and one application account that is also the probe. Each {@code mysql-*} test class names
 * its own database and account, and creates them in its {@code @BeforeAll}.
 */
abstract class MySqlFreezeContract extends FreezeStrategyContract {
  final MariaDbServer server = MariaDbServer.shared();
  private final String database;
  private final String app;

  MySqlFreezeContract(String database, String app) {
    this.database = database;
    this.app = app;
  }

  @Override
  Map<String, String> targetSettings() {
    return targetSettings(
        server.url(database), MariaDbServer.ADMIN, MariaDbServer.ADMIN_PASSWORD, app);
  }

  @Override
  Connection appConnection() throws SQLException {
    return server.connect(database, app, APP_PASSWORD);
  }

  @Override
  String sourceState() throws SQLException {
    return MySqlState.of(server, List.of(app));
  }

  @Override
  void writeBypassingTheFreeze() throws SQLException {
    // The administrator is no application account, and holds READ ONLY ADMIN, which read_only
    // does not stop.
    server.exec("INSERT INTO " + database + ".orders (note) VALUES ('admin')");
  }

  @Override
  List<String> secrets() throws SQLException {
    List<String> secrets = new ArrayList<>(List.of(APP_PASSWORD, MariaDbServer.ADMIN_PASSWORD));
    secrets.addAll(MySqlState.passwordHashes(server, List.of(app, MariaDbServer.ADMIN)));
    return secrets;
  }
}
