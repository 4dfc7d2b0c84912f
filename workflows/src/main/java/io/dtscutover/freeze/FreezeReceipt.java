package io.dtscutover.freeze;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Exactly what a freeze will change and how to put it back, captured by {@link
 * WriteFreezeActivities#prepare} BEFORE anything changes. Because the workflow holds the receipt
 * before the freeze starts, even a freeze that fails half-way can be undone exactly.
 *
 * <p>Holds no secret: settings and privileges, never passwords or password hashes.
 *
 * @param previousSettings settings as they were, for example {@code read_only -> OFF}
 * @param revokedPrivileges the privileges the freeze removes, one per entry, in a form {@link
 *     WriteFreezeActivities#unfreeze} re-grants exactly
 * @param applicationAccounts the accounts or roles whose writes are stopped (and whose sessions
 *     end, with the strategies that end sessions)
 */
public record FreezeReceipt(
    FreezeSpec spec,
    Instant preparedAt,
    Map<String, String> previousSettings,
    List<String> revokedPrivileges,
    List<String> applicationAccounts) {}
