package io.dtscutover.simulator;

import java.time.Instant;

/**
 * One request the simulator answered: what the call log at {@code GET /_sim/calls} lists.
 *
 * @param seq the call's number, from 1, in arrival order
 * @param at the simulator clock when the call arrived
 * @param action the DTS action, or the control path for control calls
 * @param jobId the {@code DtsJobId} parameter, when there is one
 * @param regionId the {@code RegionId} parameter, when there is one
 * @param accessKeyId the access key that signed the call, when the signature was valid
 * @param httpStatus the HTTP status answered
 * @param code {@code OK}, or the error code answered
 * @param requestId the {@code RequestId} answered
 */
public record SimCall(
    long seq,
    Instant at,
    String action,
    String jobId,
    String regionId,
    String accessKeyId,
    int httpStatus,
    String code,
    String requestId) {

  /** True when the call was answered without error. */
  public boolean ok() {
    return "OK".equals(code);
  }
}
