package io.dtscutover.dts;

import java.time.Instant;

/**
 * Heartbeat details of an await activity: what a retry resumes from, and what a person watching the
 * pending activity (Web UI, {@code cutover watch}) sees.
 *
 * @param heldSince when the condition started to hold without a break, or {@code null}
 * @param last the latest reading
 * @param polls readings taken so far, across attempts
 */
public record AwaitProgress(Instant heldSince, JobSnapshot last, long polls) {}
