/**
 * Waves of cutovers: {@code cutover wave} and its verbs, which start, follow, report and schedule
 * several DTS jobs cut over together behind shared gates.
 */
package io.dtscutover.cli.wave;
