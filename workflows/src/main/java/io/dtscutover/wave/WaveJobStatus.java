package io.dtscutover.wave;

import io.dtscutover.workflow.Outcome;
import io.dtscutover.workflow.Phase;
import io.dtscutover.workflow.ReasonCode;
import io.dtscutover.workflow.WaveMemberReport;
import java.time.Instant;
import java.util.List;

/**
 * One job of a wave as the wave knows it: from its last report while it runs, from its cutover's
 * report once that run ended. One line of {@code cutover wave status}.
 *
 * @param workflowId the job's cutover, {@code cutover-<region>-<job>}: {@code cutover status} shows
 *     it live
 * @param freeze the job's freeze strategy and target
 * @param runs how many cutover runs the wave started for the job (more than one when the wave
 *     rolled forward after a stop that did not take effect)
 * @param point the last point the job reported, or {@code null} before its first report
 * @param lagMillis lag in its last reading, or {@code null}
 * @param frozen its source is frozen (at its last report, or at its end)
 * @param lastReadingAt when its last reading was taken
 * @param lastReading its last reading, in words
 * @param outcome how its last run ended, or {@code null} while it runs
 * @param taskStopped its task was stopped (Finished), by this wave or before it
 * @param message why its last run ended so, with its notes
 * @param plan for a dry run, the steps a real run would take
 */
public record WaveJobStatus(
    String workflowId,
    String regionId,
    String jobId,
    String freeze,
    int runs,
    Phase phase,
    WaveMemberReport.Point point,
    Long lagMillis,
    boolean frozen,
    Instant lastReadingAt,
    String lastReading,
    Outcome outcome,
    ReasonCode reason,
    boolean taskStopped,
    String message,
    List<String> plan) {}
