package io.dtscutover.dts;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.dtscutover.workflow.WireDuration;
import java.time.Duration;

/**
 * Asks {@link DtsActivities#awaitVerification} to read DTS data verification every {@code
 * pollInterval} until the checks of {@code mode} complete, fail, or show differences.
 */
public record VerificationWait(
    JobRef job,
    VerificationMode mode,
    @JsonSerialize(using = WireDuration.Writer.class) Duration pollInterval) {}
