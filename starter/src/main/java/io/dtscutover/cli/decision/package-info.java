/**
 * Deciding on a running cutover: {@code approve}, {@code reject}, {@code abort} and {@code
 * confirm-freeze}, and how a decision reaches the one run the person looked at.
 */
package io.dtscutover.cli.decision;
