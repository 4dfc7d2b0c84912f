package io.dtscutover.worker.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.worker.fixtures.CutoverRun;
import io.dtscutover.worker.fixtures.Requests;
import io.dtscutover.worker.fixtures.WebhookReceiver;
import io.dtscutover.workflow.AbortAction;
import io.dtscutover.workflow.CutoverReport;
import io.dtscutover.workflow.CutoverWorkflow;
import io.dtscutover.workflow.FakeDtsActivities;
import io.dtscutover.workflow.GateAction;
import io.dtscutover.workflow.Outcome;
import io.temporal.client.WorkflowStub;
import io.temporal.common.interceptors.WorkerInterceptor;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook activity inside real cutovers: what a person receives, and what a broken hook does.
 */
class WebhookDuringACutoverTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final WebhookReceiver webhook = new WebhookReceiver();
  private final CutoverRun run =
      new CutoverRun(
          new WorkerInterceptor[0],
          FakeDtsActivities.caughtUp(),
          NotificationActivitiesImpl.fromEnvironment(
              Map.of(NotificationActivitiesImpl.WEBHOOK_URL, webhook.url("/services/T/B/token"))));

  @AfterEach
  void close() {
    run.close();
    webhook.close();
  }

  @Test
  void aWaitingGatePostsTheCommandThatApprovesIt() {
    CutoverWorkflow cutover = run.start(Requests.caughtUp(ApprovalPolicy.defaults()));

    WebhookReceiver.Post post =
        webhook.await(
            "the freeze gate waiting",
            p -> "GATE_WAITING".equals(p.body().path("kind").asText()),
            PATIENCE);
    assertEquals("freeze", post.body().path("gate").asText());
    assertEquals(
        "cutover approve --job-id dtsjob01 --region cn-hangzhou --gate freeze --as YOUR_NAME",
        post.body().path("command").asText());
    assertTrue(
        post.body()
            .path("text")
            .asText()
            .endsWith("\nRun: `" + post.body().path("command").asText() + "`"));

    cutover.approve(GateAction.of(Gate.FREEZE, "bob", "go"));
    webhook.await(
        "the stop gate waiting", p -> "stop".equals(p.body().path("gate").asText()), PATIENCE);
    cutover.abort(new AbortAction("bob", "test over"));
    CutoverReport report = WorkflowStub.fromTyped(cutover).getResult(CutoverReport.class);
    assertEquals(Outcome.ABORTED, report.outcome());
    webhook.await("the abort", p -> "ABORTED".equals(p.body().path("kind").asText()), PATIENCE);
  }

  @Test
  void aFailingWebhookIsRetriedAndNeverFailsTheCutover() {
    webhook.answer(500, "internal_error");

    CutoverReport report = run.run(Requests.caughtUp(ApprovalPolicy.noApprovals()));

    assertEquals(Outcome.COMPLETED, report.outcome());
    // The workflow's notification stub allows three attempts, and waits for them before returning.
    assertEquals(
        3,
        webhook.posts().stream()
            .filter(p -> "COMPLETED".equals(p.body().path("kind").asText()))
            .count());
  }
}
