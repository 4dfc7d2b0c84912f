package io.dtscutover.worker.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.dtscutover.notify.CutoverNotification;

/**
 * The JSON body of a webhook post. {@code text} is what Slack (and Mattermost, Teams' Slack
 * compatible connectors, Rocket.Chat) display; the other fields let a receiver route or filter
 * without parsing the text. Absent values are left out.
 *
 * @param kind a {@link NotificationKind} name
 * @param command the exact command to run next, or absent
 * @param deadline ISO-8601 instant when a waiting gate expires, or absent
 * @param at ISO-8601 instant when the workflow said it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookPayload(
    String text,
    String kind,
    String workflowId,
    String jobId,
    String regionId,
    String phase,
    String gate,
    String command,
    String deadline,
    String at) {

  /** The payload for {@code notification}: its sentence, then the command to run, if any. */
  public static WebhookPayload of(CutoverNotification notification) {
    String text = notification.text();
    if (notification.command() != null) {
      text = text + "\nRun: `" + notification.command() + "`";
    }
    return new WebhookPayload(
        text,
        notification.kind() == null ? null : notification.kind().name(),
        notification.workflowId(),
        notification.jobId(),
        notification.regionId(),
        notification.phase(),
        notification.gate(),
        notification.command(),
        notification.deadline() == null ? null : notification.deadline().toString(),
        notification.at() == null ? null : notification.at().toString());
  }
}
