package io.dtscutover.proof;

import io.dtscutover.freeze.FreezeStrategy;

/**
 * Where a marker goes and where it is read back. Both are target names the worker resolves from its
 * own configuration ({@code CUTOVER_TARGET_<NAME>_JDBC_URL/_USER/_PASSWORD}), so no URL or
 * credential enters workflow history.
 *
 * @param source the source database the marker is written to: the freeze target, or the proof
 *     source for strategies without one
 * @param destination the destination database DTS replicates into, where the marker is read back
 * @param strategy the freeze in force while the marker is written: it decides which session can
 *     still write
 * @param cutoverId the workflow id, written into the marker row
 */
public record MarkerSpec(
    String source, String destination, FreezeStrategy strategy, String cutoverId) {}
