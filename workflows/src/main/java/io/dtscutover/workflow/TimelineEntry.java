package io.dtscutover.workflow;

import java.time.Instant;

/** One line of a cutover's timeline: when, in which phase, what happened. */
public record TimelineEntry(Instant at, Phase phase, String event) {}
