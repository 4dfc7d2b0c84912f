/**
 * The {@code cutover} command line: {@link io.dtscutover.cli.CutoverCli} (the root command) and
 * what every verb shares: the environment it runs in, the Temporal connection flags, the base class
 * of the verbs, the flags that name a cutover, errors as one line with an exit code, and the {@code
 * --json} form. The verbs live in the subpackages, one per kind of work.
 */
package io.dtscutover.cli;
