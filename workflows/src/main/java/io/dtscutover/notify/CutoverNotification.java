package io.dtscutover.notify;

import java.time.Instant;

/**
 * Something people should hear about, as the workflow states it.
 *
 * @param gate the gate's CLI name for {@link NotificationKind#GATE_WAITING}, else {@code null}
 * @param text one human sentence, for chat (Slack's {@code text} field)
 * @param command the exact command to run next (approve, confirm-freeze), or {@code null}
 * @param deadline when the waiting gate expires, or {@code null}
 */
public record CutoverNotification(
    NotificationKind kind,
    String workflowId,
    String jobId,
    String regionId,
    String phase,
    String gate,
    String text,
    String command,
    Instant deadline,
    Instant at) {}
