package io.dtscutover.workflow;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The Keyword search attributes a cutover keeps current, so the Web UI and {@code cutover list} can
 * filter by job, region, phase and pending gate. A server must have them registered.
 */
public final class CutoverSearchAttributes {
  public static final SearchAttributeKey<String> PHASE =
      SearchAttributeKey.forKeyword("CutoverPhase");
  public static final SearchAttributeKey<String> JOB_ID = SearchAttributeKey.forKeyword("DtsJobId");
  public static final SearchAttributeKey<String> REGION =
      SearchAttributeKey.forKeyword("DtsRegion");
  public static final SearchAttributeKey<String> PENDING_GATE =
      SearchAttributeKey.forKeyword("CutoverPendingGate");

  /** The wave a cutover belongs to, on the wave and on each of its jobs' cutovers. */
  public static final SearchAttributeKey<String> WAVE_ID =
      SearchAttributeKey.forKeyword("CutoverWaveId");

  /** Every attribute, for registration and start-up checks. */
  public static final List<SearchAttributeKey<String>> ALL =
      List.of(PHASE, JOB_ID, REGION, PENDING_GATE, WAVE_ID);

  private CutoverSearchAttributes() {}
}
