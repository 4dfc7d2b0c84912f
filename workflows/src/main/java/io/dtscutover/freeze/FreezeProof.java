package io.dtscutover.freeze;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Evidence that a freeze holds at one moment.
 *
 * @param writeCounters the source's cumulative write counters (for example {@code Com_insert}, or
 *     {@code pg_stat_database} tuple counts); a later proof with higher values means writes got
 *     through
 * @param checks what was checked, in words, for the report
 */
public record FreezeProof(
    Instant checkedAt, Map<String, Long> writeCounters, List<String> checks) {}
