/**
 * The freeze guard: a small workflow, started by the cutover before it freezes the source, that
 * restores the source with the freeze receipt if the cutover itself cannot (terminated, or stuck on
 * a workflow task that fails forever). Its own package because it is a unit of its own: one
 * workflow, one activity, and the {@link io.dtscutover.guard.FreezeGuardHandle} the cutover calls.
 */
package io.dtscutover.guard;
