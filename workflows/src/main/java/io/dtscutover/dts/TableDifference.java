package io.dtscutover.dts;

/**
 * One table that a DTS data check found inconsistent: its name and how many rows differ, never the
 * rows themselves (they may hold personal data, and they belong in the DTS console).
 *
 * @param check the check that found it ({@link VerificationMode#FULL} or {@link
 *     VerificationMode#INCREMENTAL})
 * @param table {@code database.table} on the source
 * @param diffCount DTS's {@code DiffCount}: rows that differ
 */
public record TableDifference(VerificationMode check, String table, long diffCount) {

  @Override
  public String toString() {
    return table + " (" + diffCount + " rows differ, " + check.cliName() + " check)";
  }
}
