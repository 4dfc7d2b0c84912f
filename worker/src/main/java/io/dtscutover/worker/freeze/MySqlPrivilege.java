package io.dtscutover.worker.freeze;

/**
 * One write privilege of one account at one level, as recorded in a receipt: global when {@code
 * schema} is null, on a database when {@code table} is null, on a table, or on a column. {@code
 * schema} is kept exactly as the server stores it (a database-level grant may be a pattern such as
 * {@code orders\_db}), so revoking and re-granting it hits the same grant.
 */
record MySqlPrivilege(
    String user, String host, String schema, String table, String column, String privilege) {

  MySqlAccount account() {
    return new MySqlAccount(user, host);
  }

  /** True for global and database-level grants, which sessions cache until they reconnect. */
  boolean cachedBySessions() {
    return table == null;
  }

  /** {@code INSERT ON `orders`.* TO 'app'@'%'}-style SQL after GRANT or before FROM. */
  String grantSql() {
    return "GRANT " + privilegeSql() + " ON " + levelSql() + " TO " + account().sql();
  }

  String revokeSql() {
    return "REVOKE " + privilegeSql() + " ON " + levelSql() + " FROM " + account().sql();
  }

  private String privilegeSql() {
    if (!MySqlGrants.WRITE_PRIVILEGES.contains(privilege)) {
      throw new IllegalArgumentException("not a write privilege this worker revokes: " + privilege);
    }
    return column == null ? privilege : privilege + " (" + MySqlSql.identifier(column) + ")";
  }

  private String levelSql() {
    if (schema == null) {
      return "*.*";
    }
    String db = MySqlSql.identifier(schema);
    return table == null ? db + ".*" : db + "." + MySqlSql.identifier(table);
  }

  @Override
  public String toString() {
    return privilegeSql() + " ON " + levelSql() + " for " + account();
  }
}
