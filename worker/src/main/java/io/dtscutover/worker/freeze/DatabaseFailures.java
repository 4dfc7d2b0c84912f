package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns driver exceptions into {@link ApplicationFailure}s a person can act on, without the
 * password: messages are rebuilt from the SQL state and the driver's text with every configured
 * secret scrubbed, and the driver exception is never attached (its text would reach history).
 */
final class DatabaseFailures {
  /** The database could not be reached or dropped the connection: worth retrying. */
  static final String UNAVAILABLE = "FreezeDatabaseUnavailable";

  /** A statement failed in a way a retry may fix (a lock wait, a deadlock, a timeout). */
  static final String STATEMENT_FAILED = "FreezeStatementFailed";

  private DatabaseFailures() {}

  /**
   * The failure for {@code e}, raised while {@code action} on {@code target} as {@code user}.
   * Refused credentials are {@link FreezeFailures#AUTH_FAILED}, an unknown database or missing
   * privileges of the freeze account are {@link FreezeFailures#CONFIGURATION}; all non-retryable.
   * Lost connections and other statement errors are retryable.
   */
  static ApplicationFailure of(SQLException e, FreezeTarget target, String user, String action) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String detail = scrub(target, e.getMessage());
    String where = "freeze target '" + target.name() + "' (" + action + ", as " + user + ")";
    if (isAuthentication(e, state)) {
      String setting = user.equals(target.user()) ? "" : "PROBE_";
      return ApplicationFailure.newNonRetryableFailure(
          "the database refused the credentials for "
              + where
              + ": "
              + detail
              + "; check "
              + target.variable(setting + FreezeTargets.USER)
              + " and "
              + target.variable(setting + FreezeTargets.PASSWORD)
              + " (or "
              + target.variable(setting + FreezeTargets.PASSWORD_FILE)
              + ")",
          FreezeFailures.AUTH_FAILED);
    }
    if (state.equals("3D000") || e.getErrorCode() == 1049) {
      return ApplicationFailure.newNonRetryableFailure(
          "the database named in "
              + target.variable(FreezeTargets.JDBC_URL)
              + " does not exist on freeze target '"
              + target.name()
              + "': "
              + detail,
          FreezeFailures.CONFIGURATION);
    }
    if (isConnection(e, state)) {
      return ApplicationFailure.newFailure(
          "cannot reach " + where + ": " + detail + " [SQLState " + state + "]", UNAVAILABLE);
    }
    if (isMissingPrivilege(e, state)) {
      return ApplicationFailure.newNonRetryableFailure(
          "the freeze account lacks a privilege on "
              + where
              + ": "
              + detail
              + "; grant it to "
              + target.variable(FreezeTargets.USER)
              + " (see the freeze strategies' documentation)",
          FreezeFailures.CONFIGURATION);
    }
    return ApplicationFailure.newFailure(
        "statement failed on " + where + ": " + detail + " [SQLState " + state + "]",
        STATEMENT_FAILED);
  }

  /** {@code text} with the target's passwords replaced. */
  static String scrub(FreezeTarget target, String text) {
    String scrubbed = target.password().scrub(text);
    return target.probePassword() == null ? scrubbed : target.probePassword().scrub(scrubbed);
  }

  private static boolean isAuthentication(SQLException e, String state) {
    // 28000 MySQL/MariaDB access denied at login; 28P01 PostgreSQL password authentication failed.
    return e instanceof SQLInvalidAuthorizationSpecException
        || state.startsWith("28")
        || e.getErrorCode() == 1045;
  }

  private static boolean isConnection(SQLException e, String state) {
    return state.startsWith("08")
        || e instanceof SQLNonTransientConnectionException
        || e instanceof SQLTransientConnectionException;
  }

  private static boolean isMissingPrivilege(SQLException e, String state) {
    // 42501 PostgreSQL insufficient_privilege; 1227 MySQL "you need (at least one of) the X
    // privilege(s)"; 1142/1143/1044 MySQL command/column/database access denied.
    int code = e.getErrorCode();
    return state.equals("42501") || code == 1227 || code == 1142 || code == 1143 || code == 1044;
  }
}
