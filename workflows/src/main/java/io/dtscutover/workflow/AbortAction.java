package io.dtscutover.workflow;

/**
 * The input of {@code abort} and {@code abortSignal}: {@code {"by": "bob", "reason": "..."}}.
 *
 * @param by who aborts; required
 * @param reason why, recorded in the report; optional
 */
public record AbortAction(String by, String reason) {}
