package io.dtscutover.guard;

/**
 * The guard's answer to a claim of the point of no return.
 *
 * @param reason why it was granted or refused, for the cutover's timeline and report
 */
public record PointOfNoReturnClaim(boolean granted, String reason) {

  static PointOfNoReturnClaim grant(String reason) {
    return new PointOfNoReturnClaim(true, reason);
  }

  static PointOfNoReturnClaim refuse(String reason) {
    return new PointOfNoReturnClaim(false, reason);
  }
}
