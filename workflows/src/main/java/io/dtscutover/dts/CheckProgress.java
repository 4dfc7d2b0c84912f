package io.dtscutover.dts;

import java.util.List;

/**
 * How far one DTS data check has got, from its per-table statuses ({@code 0} done, {@code 2}
 * initialising, {@code 3} running, {@code 5} failed).
 *
 * @param check {@link VerificationMode#FULL} or {@link VerificationMode#INCREMENTAL}
 * @param tables tables the check covers; zero means the task has no such check configured
 * @param done tables whose check is done
 * @param failedTables tables whose check failed ({@code database.table}): a check that failed never
 *     completes
 */
public record CheckProgress(
    VerificationMode check, int tables, int done, List<String> failedTables) {

  public CheckProgress {
    failedTables = failedTables == null ? List.of() : List.copyOf(failedTables);
  }

  /** The task has this check configured: it covers at least one table. */
  public boolean configured() {
    return tables > 0;
  }

  /** Every table's check is done. */
  public boolean completed() {
    return configured() && done >= tables;
  }

  /** One line for people, like {@code full check: 12 of 20 tables done}. */
  public String describe() {
    if (!configured()) {
      return check.cliName() + " check: not configured on the task";
    }
    return check.cliName()
        + " check: "
        + done
        + " of "
        + tables
        + " tables done"
        + (failedTables.isEmpty() ? "" : ", failed on " + String.join(", ", failedTables));
  }
}
