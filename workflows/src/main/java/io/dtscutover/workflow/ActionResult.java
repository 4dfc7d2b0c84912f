package io.dtscutover.workflow;

/**
 * What every update answers: {@code {"message": "...", "phase": "GATE_FREEZE", "next": "..."}}.
 *
 * @param message what the cutover recorded, in one sentence
 * @param phase the phase when the update was accepted (the runbook moves on right after)
 * @param next what happens next or what a person should do next, or {@code null}
 */
public record ActionResult(String message, Phase phase, String next) {}
