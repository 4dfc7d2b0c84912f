package io.dtscutover.freeze;

import io.dtscutover.dts.JobRef;

/**
 * What to freeze. {@code target} is a name the worker resolves from its own configuration, so no
 * URL or credential ever enters workflow history.
 *
 * @param target the freeze target name, for example {@code orders-db}; {@code null} for strategies
 *     that need none
 * @param job the DTS job being cut over (the {@code sim} strategy addresses the simulator by it)
 * @param cutoverId the workflow id, for labels and logs
 */
public record FreezeSpec(FreezeStrategy strategy, String target, JobRef job, String cutoverId) {}
