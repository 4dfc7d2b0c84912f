package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The write a probe attempts, the same way on every database: {@code DELETE FROM table WHERE
 * <nothing>}, which changes nothing even if it runs, in a transaction that is rolled back. The
 * database's refusal proves the freeze; a write it accepts means the freeze does not hold.
 */
final class ProbeWrite {
  private ProbeWrite() {}

  /** Says how the database refused the write, or {@code null} when the failure is another one. */
  interface Refusal {
    String of(SQLException failure);
  }

  /**
   * Attempts the write as {@code who} on {@code table} ({@code null} when the probe sees none).
   *
   * @param noRows a condition no row meets ({@code 1 = 0}, {@code false})
   * @return what was checked, for the proof
   * @throws ApplicationFailure {@link FreezeFailures#NOT_HELD} when the write is accepted
   * @throws SQLException when the write fails in a way that is not a refusal
   */
  static String attempt(
      Connection connection,
      FreezeTarget target,
      String who,
      String table,
      String noRows,
      Refusal refusal)
      throws SQLException {
    if (table == null) {
      return who + " sees no table, so no write could be attempted";
    }
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate("DELETE FROM " + table + " WHERE " + noRows);
    } catch (SQLException failure) {
      String refused = refusal.of(failure);
      if (refused != null) {
        return "a write as " + who + " to " + table + " was refused (" + refused + ")";
      }
      throw failure;
    } finally {
      connection.rollback();
    }
    throw ApplicationFailure.newNonRetryableFailure(
        "the freeze on target '"
            + target.name()
            + "' does not hold: a write as "
            + who
            + " to "
            + table
            + " was accepted",
        FreezeFailures.NOT_HELD);
  }
}
