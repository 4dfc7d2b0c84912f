package io.dtscutover.proof;

import java.util.List;

/**
 * The {@code ApplicationFailure} types that marker activities raise, besides the {@code
 * FreezeFailures} of target resolution (unknown target, configuration, credentials).
 */
public final class MarkerFailures {
  /** The marker table is missing, or lacks a column, on the source or the destination. */
  public static final String TABLE_MISSING = "MarkerTableMissing";

  /** The source account cannot write the marker table (while frozen), or the destination's read. */
  public static final String NO_ACCESS = "MarkerNoAccess";

  /** The freeze strategy or the database does not allow a marker write while frozen. */
  public static final String UNSUPPORTED = "MarkerUnsupported";

  /** Failure types no retry can fix. */
  public static final List<String> NON_RETRYABLE = List.of(TABLE_MISSING, NO_ACCESS, UNSUPPORTED);

  private MarkerFailures() {}
}
