/**
 * Seeing a cutover: {@code status}, {@code watch}, {@code report} and {@code list}, how a run is
 * read from Temporal, how a running one is followed, and how status and report render for people.
 */
package io.dtscutover.cli.view;
