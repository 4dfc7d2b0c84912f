package io.dtscutover.worker.freeze;

/** One MySQL/MariaDB account: a user name at a host pattern. */
record MySqlAccount(String user, String host) {

  /** The account as SQL, for GRANT, REVOKE and SHOW GRANTS: {@code 'app'@'%'}. */
  String sql() {
    return MySqlSql.literal(user) + "@" + MySqlSql.literal(host);
  }

  /** The account as information_schema's GRANTEE column spells it. */
  String grantee() {
    return "'" + user + "'@'" + host + "'";
  }

  @Override
  public String toString() {
    return grantee();
  }
}
