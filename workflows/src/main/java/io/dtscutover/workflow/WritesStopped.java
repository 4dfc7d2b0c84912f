package io.dtscutover.workflow;

/**
 * The input of {@code confirmWritesStopped} and its signal: {@code {"by": "bob"}}, for the manual
 * freeze.
 *
 * @param by who confirms that the writers on the source have stopped; required
 */
public record WritesStopped(String by) {}
