package io.dtscutover.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The input of {@code confirmWritesStopped} and its signal: {@code {"by": "bob"}}, for the manual
 * freeze.
 *
 * @param by who confirms that the writers on the source have stopped; required
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WritesStopped(String by) {}
