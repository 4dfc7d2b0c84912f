/**
 * Starting a cutover: {@code cutover start}, the request flags it shares with {@code schedule
 * create} and {@code wave start}, their defaults from the environment, and the converters that read
 * their values.
 */
package io.dtscutover.cli.request;
