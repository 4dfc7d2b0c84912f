/**
 * The processes of the development stack: {@code server}, {@code worker}, {@code simulator}, and
 * {@code dev} and {@code demo}, which run them together in one process.
 */
package io.dtscutover.cli.stack;
