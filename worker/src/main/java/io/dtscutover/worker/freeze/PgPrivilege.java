package io.dtscutover.worker.freeze;

import java.util.Set;

/**
 * One write privilege on one table (or one column when {@code column} is set) held by one role, as
 * granted by {@code grantor}, as recorded in a receipt. Granting it back as the same grantor, with
 * the same grant option, restores the same access-control entry.
 */
record PgPrivilege(
    String schema,
    String table,
    String column,
    String grantee,
    String grantor,
    String privilege,
    boolean grantable) {

  /** The privileges pg-revoke takes away. */
  static final Set<String> WRITE_PRIVILEGES = Set.of("INSERT", "UPDATE", "DELETE", "TRUNCATE");

  String grantSql() {
    return "GRANT "
        + privilegeSql()
        + " ON TABLE "
        + tableSql()
        + " TO "
        + PgSql.identifier(grantee)
        + (grantable ? " WITH GRANT OPTION" : "");
  }

  String revokeSql() {
    return "REVOKE "
        + privilegeSql()
        + " ON TABLE "
        + tableSql()
        + " FROM "
        + PgSql.identifier(grantee);
  }

  private String privilegeSql() {
    if (!WRITE_PRIVILEGES.contains(privilege)) {
      throw new IllegalArgumentException("not a write privilege this worker revokes: " + privilege);
    }
    return column == null ? privilege : privilege + " (" + PgSql.identifier(column) + ")";
  }

  private String tableSql() {
    return PgSql.identifier(schema) + "." + PgSql.identifier(table);
  }

  @Override
  public String toString() {
    return privilegeSql()
        + " ON "
        + tableSql()
        + " for "
        + grantee
        + " (granted by "
        + grantor
        + ")";
  }
}
