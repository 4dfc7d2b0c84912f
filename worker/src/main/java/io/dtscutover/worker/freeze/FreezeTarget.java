package io.dtscutover.worker.freeze;

import java.util.List;
import java.util.function.Supplier;

/**
 * A source database the worker may freeze, resolved from the worker's own configuration by the name
 * a cutover request carries. It holds credentials, so it never leaves the worker: activities return
 * receipts and proofs, never targets, and {@link #toString} shows no password.
 *
 * @param name the target name from the request, for example {@code orders-db}
 * @param kind the database family, from the JDBC URL
 * @param jdbcUrl where to connect; never carries a password
 * @param user the account that applies and undoes the freeze
 * @param password that account's password
 * @param appAccounts the application accounts (MySQL users) or roles (PostgreSQL) whose writes stop
 * @param probeUser an application account the freeze logs in as to prove that its writes fail, or
 *     {@code null} when none is configured
 * @param probePassword the probe account's password, or {@code null}
 * @param schemas the migrated schemas ({@code pg-revoke}); empty means every non-system schema
 */
record FreezeTarget(
    String name,
    DatabaseKind kind,
    String jdbcUrl,
    String user,
    Secret password,
    List<String> appAccounts,
    String probeUser,
    Secret probePassword,
    List<String> schemas) {

  FreezeTarget {
    appAccounts = List.copyOf(appAccounts);
    schemas = List.copyOf(schemas);
  }

  /** True when a probe account is configured, so the freeze can be proven by a refused write. */
  boolean hasProbe() {
    return probeUser != null;
  }

  /**
   * The probe's proof ({@code probe}, a refused write) when a probe account is configured; else
   * {@code withoutProbe}, which says what proves the freeze instead.
   */
  String probed(Supplier<String> probe, String withoutProbe) {
    return hasProbe() ? probe.get() : withoutProbe;
  }

  /** The configuration variable for {@code setting} of this target, for error messages. */
  String variable(String setting) {
    return FreezeTargets.variable(name, setting);
  }
}
