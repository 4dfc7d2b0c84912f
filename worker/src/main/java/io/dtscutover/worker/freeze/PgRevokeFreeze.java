package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pg-revoke}: revokes INSERT, UPDATE, DELETE and TRUNCATE of the application roles on every
 * table, view and column of the migrated schemas, in one transaction, and ends their sessions in
 * the target's database; unfreeze grants back each recorded privilege as its original grantor, with
 * its grant option, so the access-control entries are the same as before.
 *
 * <p>The migrated schemas are {@code CUTOVER_TARGET_<NAME>_SCHEMAS}, or every non-system schema of
 * the database; the receipt's previous settings record them ({@code schemas}) with the {@code
 * database}. The freeze then checks with {@code has_table_privilege} that no application role can
 * still write, which also catches privileges that come through PUBLIC or role membership. Tables
 * owned by an application role are refused: an owner can grant itself its privileges back. The
 * freeze account must be a superuser (or own the tables and belong to every other grantor role).
 *
 * <p>Restored privileges are the same access-control entries (grantee, grantor, privilege, grant
 * option); when a role held nothing but write privileges on a table, its entry comes back at the
 * end of the table's ACL array rather than in its old place, which PostgreSQL treats the same.
 */
final class PgRevokeFreeze implements SourceFreeze {
  static final String DATABASE = "database";
  static final String SCHEMAS = "schemas";

  private static final Logger log = LoggerFactory.getLogger(PgRevokeFreeze.class);
  private static final String RELATIONS = "('r', 'p', 'v', 'f')";

  private final FreezeTarget target;

  PgRevokeFreeze(FreezeTarget target) {
    this.target = target;
  }

  @Override
  public FreezeReceipt prepare(FreezeSpec spec) {
    try (Connection connection = TargetConnections.admin(target, "preparing the freeze")) {
      PgRoles.requireRoles(connection, target);
      List<String> schemas = schemas(connection);
      refuseOwnedTables(connection, schemas);
      List<PgPrivilege> privileges = writePrivileges(connection, schemas);
      Map<String, String> scope = new LinkedHashMap<>();
      scope.put(DATABASE, PgSql.currentDatabase(connection));
      scope.put(SCHEMAS, String.join(",", schemas));
      return new FreezeReceipt(
          spec,
          Instant.now(),
          scope,
          privileges.stream().map(ReceiptEntries::write).toList(),
          target.appAccounts());
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "preparing the freeze");
    }
  }

  @Override
  public FreezeProof freeze(FreezeReceipt receipt) {
    List<PgPrivilege> privileges =
        ReceiptEntries.read(receipt.revokedPrivileges(), PgPrivilege.class);
    List<String> schemas = schemas(receipt);
    try (Connection connection = TargetConnections.admin(target, "freezing")) {
      PgSql.configure(connection);
      PgSql.requireSameDatabase(connection, receipt, target);
      // Revoking what is not held only warns, so a repeated freeze changes nothing more.
      runAsGrantors(connection, privileges, false);
      log.info(
          "freeze target '{}': revoked {} write privileges of {}",
          target.name(),
          privileges.size(),
          receipt.applicationAccounts());
      List<String> checks = new ArrayList<>();
      int ended = PgSessions.endSessions(connection, receipt.applicationAccounts(), target.name());
      checks.add("ended " + ended + " application sessions; none left");
      checks.add(requireNoWritePrivilege(connection, receipt.applicationAccounts(), schemas));
      return PgCounters.frozen(
          connection,
          target,
          schemas,
          checks,
          "no probe role configured: the freeze is proven by the privileges alone");
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "freezing");
    }
  }

  @Override
  public FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline) {
    List<String> schemas = schemas(receipt);
    try (Connection connection = TargetConnections.admin(target, "verifying the freeze")) {
      PgSql.configure(connection);
      PgSql.requireSameDatabase(connection, receipt, target);
      String check = requireNoWritePrivilege(connection, receipt.applicationAccounts(), schemas);
      return PgCounters.verified(connection, target, schemas, check, baseline);
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "verifying the freeze");
    }
  }

  @Override
  public void unfreeze(FreezeReceipt receipt) {
    List<PgPrivilege> privileges =
        ReceiptEntries.read(receipt.revokedPrivileges(), PgPrivilege.class);
    try (Connection connection = TargetConnections.admin(target, "unfreezing")) {
      PgSql.configure(connection);
      PgSql.requireSameDatabase(connection, receipt, target);
      runAsGrantors(connection, privileges, true);
      log.info(
          "freeze target '{}': granted back {} write privileges", target.name(), privileges.size());
    } catch (SQLException e) {
      throw DatabaseFailures.of(e, target, target.user(), "unfreezing");
    }
  }

  /**
   * Runs every GRANT (or REVOKE) as its grantor, all in one transaction. A superuser or owner acts
   * as the table's owner by itself; another grantor is taken on with SET ROLE.
   */
  private static void runAsGrantors(
      Connection connection, List<PgPrivilege> privileges, boolean grant) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      for (PgPrivilege privilege : privileges) {
        boolean asOwner = privilege.grantor().equals(owner(connection, privilege));
        if (!asOwner) {
          statement.execute("SET ROLE " + PgSql.identifier(privilege.grantor()));
        }
        statement.execute(grant ? privilege.grantSql() : privilege.revokeSql());
        if (!asOwner) {
          statement.execute("RESET ROLE");
        }
      }
      connection.commit();
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static String owner(Connection connection, PgPrivilege privilege) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT pg_get_userbyid(c.relowner) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ?")) {
      statement.setString(1, privilege.schema());
      statement.setString(2, privilege.table());
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  private List<String> schemas(Connection connection) throws SQLException {
    List<String> existing = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT nspname FROM pg_namespace"
                    + " WHERE nspname NOT IN ('pg_catalog', 'information_schema')"
                    + " AND nspname NOT LIKE 'pg\\_toast%' AND nspname NOT LIKE 'pg\\_temp\\_%'"
                    + " ORDER BY nspname")) {
      while (rows.next()) {
        existing.add(rows.getString(1));
      }
    }
    if (target.schemas().isEmpty()) {
      return existing;
    }
    for (String schema : target.schemas()) {
      if (!existing.contains(schema)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "schema '"
                + schema
                + "' does not exist in freeze target '"
                + target.name()
                + "': fix "
                + target.variable(FreezeTargets.SCHEMAS),
            FreezeFailures.CONFIGURATION);
      }
    }
    return target.schemas();
  }

  private static List<String> schemas(FreezeReceipt receipt) {
    String recorded = receipt.previousSettings().getOrDefault(SCHEMAS, "");
    return recorded.isEmpty() ? List.of() : Arrays.asList(recorded.split(","));
  }

  private void refuseOwnedTables(Connection connection, List<String> schemas) throws SQLException {
    List<String> owned = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT n.nspname || '.' || c.relname || ' (owner ' || pg_get_userbyid(c.relowner)"
                + " || ')' FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN "
                + RELATIONS
                + " AND n.nspname = ANY (?) AND pg_get_userbyid(c.relowner) = ANY (?)"
                + " ORDER BY 1 LIMIT 10")) {
      statement.setArray(1, PgSql.textArray(connection, schemas));
      statement.setArray(2, PgSql.textArray(connection, target.appAccounts()));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          owned.add(rows.getString(1));
        }
      }
    }
    if (!owned.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "application roles own tables on freeze target '"
              + target.name()
              + "' ("
              + String.join(", ", owned)
              + "); an owner can grant itself write access back: use pg-read-only, or make"
              + " another role the owner",
          FreezeFailures.UNSUPPORTED);
    }
  }

  private List<PgPrivilege> writePrivileges(Connection connection, List<String> schemas)
      throws SQLException {
    String sql =
        "SELECT n.nspname, c.relname, NULL::name AS attname, pg_get_userbyid(a.grantee),"
            + " pg_get_userbyid(a.grantor), a.privilege_type, a.is_grantable"
            + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " CROSS JOIN LATERAL aclexplode(c.relacl) a"
            + " WHERE c.relkind IN "
            + RELATIONS
            + " AND n.nspname = ANY (?) AND pg_get_userbyid(a.grantee) = ANY (?)"
            + " AND a.privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE')"
            + " UNION ALL"
            + " SELECT n.nspname, c.relname, att.attname, pg_get_userbyid(a.grantee),"
            + " pg_get_userbyid(a.grantor), a.privilege_type, a.is_grantable"
            + " FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid"
            + " JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " CROSS JOIN LATERAL aclexplode(att.attacl) a"
            + " WHERE att.attnum > 0 AND NOT att.attisdropped AND c.relkind IN "
            + RELATIONS
            + " AND n.nspname = ANY (?) AND pg_get_userbyid(a.grantee) = ANY (?)"
            + " AND a.privilege_type IN ('INSERT', 'UPDATE')"
            + " ORDER BY 1, 2, 3 NULLS FIRST, 4, 5, 6";
    List<PgPrivilege> privileges = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      var schemaArray = PgSql.textArray(connection, schemas);
      var roleArray = PgSql.textArray(connection, target.appAccounts());
      statement.setArray(1, schemaArray);
      statement.setArray(2, roleArray);
      statement.setArray(3, schemaArray);
      statement.setArray(4, roleArray);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          privileges.add(
              new PgPrivilege(
                  rows.getString(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getString(4),
                  rows.getString(5),
                  rows.getString(6),
                  rows.getBoolean(7)));
        }
      }
    }
    return privileges;
  }

  private String requireNoWritePrivilege(
      Connection connection, List<String> roles, List<String> schemas) throws SQLException {
    List<String> writable = new ArrayList<>();
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT r.rolname || ' on ' || n.nspname || '.' || c.relname"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, pg_roles r"
                + " WHERE c.relkind IN "
                + RELATIONS
                + " AND n.nspname = ANY (?) AND r.rolname = ANY (?)"
                + " AND (has_table_privilege(r.oid, c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')"
                + " OR has_any_column_privilege(r.oid, c.oid, 'INSERT, UPDATE'))"
                + " ORDER BY 1 LIMIT 10")) {
      statement.setArray(1, PgSql.textArray(connection, schemas));
      statement.setArray(2, PgSql.textArray(connection, roles));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          writable.add(rows.getString(1));
        }
      }
    }
    if (!writable.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the freeze on target '"
              + target.name()
              + "' does not hold: application roles can still write ("
              + String.join(", ", writable)
              + "), through PUBLIC, a role they belong to, or a grant made after prepare",
          FreezeFailures.NOT_HELD);
    }
    return "application roles " + roles + " can write no table in schemas " + schemas;
  }
}
