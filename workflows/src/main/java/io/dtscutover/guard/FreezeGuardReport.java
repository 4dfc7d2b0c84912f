package io.dtscutover.guard;

import java.time.Instant;

/**
 * What a freeze guard did, as its workflow result.
 *
 * @param reason one line: why it ended this way
 */
public record FreezeGuardReport(FreezeGuardOutcome outcome, String reason, Instant endedAt) {}
