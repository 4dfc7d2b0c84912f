package io.dtscutover.dts;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What DTS data verification ({@code DescribeDataCheckTableDetails}) says now about the checks a
 * {@link VerificationMode} asks for: how far each check has got and which tables differ (names and
 * counts only, never row data).
 *
 * @param mode the verification asked for
 * @param checks one entry per single check read ({@link VerificationMode#checks()})
 * @param differences tables with rows that differ, over every check read
 * @param requestId the DTS request id of the last call
 * @param observedAt when it was read (worker clock)
 */
public record VerificationState(
    VerificationMode mode,
    List<CheckProgress> checks,
    List<TableDifference> differences,
    String requestId,
    Instant observedAt) {

  public VerificationState {
    checks = checks == null ? List.of() : List.copyOf(checks);
    differences = differences == null ? List.of() : List.copyOf(differences);
  }

  /** Every check of {@code mode} done on {@code tables} tables, no differences (fakes). */
  public static VerificationState passed(VerificationMode mode, int tables) {
    return new VerificationState(
        mode,
        mode.checks().stream()
            .map(check -> new CheckProgress(check, tables, tables, null))
            .toList(),
        List.of(),
        "req-verification",
        null);
  }

  /** Every check asked for is configured on the task. */
  public boolean configured() {
    return !checks.isEmpty() && checks.stream().allMatch(CheckProgress::configured);
  }

  /** Every check asked for has checked every table. */
  public boolean completed() {
    return configured() && checks.stream().allMatch(CheckProgress::completed);
  }

  /** A check failed on some table: it can never complete. */
  public boolean failed() {
    return checks.stream().anyMatch(check -> !check.failedTables().isEmpty());
  }

  /** Some table has rows that differ. */
  public boolean hasDifferences() {
    return !differences.isEmpty();
  }

  /** Completed, nothing failed, no differences: the gate may pass. */
  public boolean passes() {
    return completed() && !failed() && !hasDifferences();
  }

  /** The checks not configured on the task, by CLI name ({@code full}, {@code incremental}). */
  public List<String> missingChecks() {
    return checks.stream()
        .filter(check -> !check.configured())
        .map(check -> check.check().cliName())
        .toList();
  }

  /** The tables that differ, one phrase, like {@code shop.orders (3 rows differ, full check)}. */
  public String describeDifferences() {
    return differences.stream().map(TableDifference::toString).collect(Collectors.joining("; "));
  }

  /** One line for people: each check's progress and the differences. */
  public String describe() {
    String progress =
        checks.stream().map(CheckProgress::describe).collect(Collectors.joining("; "));
    return progress
        + (hasDifferences()
            ? "; tables with differences: " + describeDifferences()
            : "; no differences");
  }
}
