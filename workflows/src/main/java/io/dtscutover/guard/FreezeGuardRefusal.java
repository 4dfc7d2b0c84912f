package io.dtscutover.guard;

/**
 * The guard did not let the cutover go on: it could not start before the freeze, or it refused the
 * point of no return. The cutover aborts with this message as its reason and restores the source;
 * the task keeps running. Thrown by {@link FreezeGuardHandle} in workflow code, never further.
 */
public final class FreezeGuardRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  FreezeGuardRefusal(String reason) {
    super(reason, null, false, false);
  }
}
