package io.dtscutover.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The input of {@code abort} and {@code abortSignal}: {@code {"by": "bob", "reason": "..."}}.
 *
 * @param by who aborts; required
 * @param reason why, recorded in the report; optional
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AbortAction(String by, String reason) {}
