/**
 * The marker table of {@code --proof marker}: {@code cutover marker init}, which creates the table
 * whose row, written on the source and seen on the destination, proves that DTS has caught up.
 */
package io.dtscutover.cli.marker;
