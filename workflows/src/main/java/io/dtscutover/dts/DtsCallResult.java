package io.dtscutover.dts;

/**
 * The outcome of a DTS call that changes a job.
 *
 * @param action the DTS action, for example {@code StopDtsJob}
 * @param requestId the DTS request id, for support cases and the report
 * @param alreadyDone the job was already in the requested state (stopping a Finished task, deleting
 *     a released one): a success, not an error
 */
public record DtsCallResult(String action, String requestId, boolean alreadyDone) {}
