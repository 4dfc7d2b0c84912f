package io.dtscutover.proof;

import java.util.List;

/**
 * What the preflight of a marker proof found.
 *
 * @param checks what was checked on both ends, in words, for the timeline
 */
public record MarkerCheck(List<String> checks) {}
