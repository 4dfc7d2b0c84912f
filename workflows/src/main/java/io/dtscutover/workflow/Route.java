package io.dtscutover.workflow;

/** How the runbook proceeds once the task is known ({@link Preflight#route}). */
enum Route {
  /** No incremental migration: wait for the full load to end by itself; never stop. */
  FULL_LOAD_ONLY,
  /** Incremental migration: catch up, freeze, catch up again, stop. */
  INCREMENTAL,
  /** A Paused or Failed task the request allows stopping: no catch-up is possible. */
  STOP_AS_IS
}
