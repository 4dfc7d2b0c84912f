/**
 * Cutovers on a Temporal Schedule: {@code cutover schedule} and its verbs, the cadence flags, and
 * what the server answers translated into one-line errors.
 */
package io.dtscutover.cli.schedule;
