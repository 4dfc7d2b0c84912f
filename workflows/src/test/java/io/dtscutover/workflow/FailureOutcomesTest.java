package io.dtscutover.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.dtscutover.dts.DtsFailures;
import io.dtscutover.freeze.FreezeFailures;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import org.junit.jupiter.api.Test;

/** How a failed activity ends a cutover ({@link FailureOutcomes}), with no test server. */
class FailureOutcomesTest {
  private static ActivityFailure failed(String activity, Throwable cause) {
    return new ActivityFailure(
        "activity failed",
        5,
        6,
        activity,
        "7",
        RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE,
        "w",
        cause);
  }

  private static ActivityFailure failed(String activity, String type, String message) {
    return failed(activity, ApplicationFailure.newNonRetryableFailure(message, type));
  }

  private static ActivityFailure timedOut(String activity) {
    return failed(
        activity, new TimeoutFailure("timeout", null, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE));
  }

  @Test
  void writesThroughTheFreezeOrAnUnsafeTaskAbortEverythingElseFails() {
    assertEquals(
        Outcome.ABORTED,
        FailureOutcomes.outcomeOf(failed("verifyFreeze", FreezeFailures.BREACHED, "a write")));
    assertEquals(
        Outcome.ABORTED,
        FailureOutcomes.outcomeOf(failed("verifyFreeze", FreezeFailures.NOT_HELD, "lost")));
    assertEquals(
        Outcome.ABORTED,
        FailureOutcomes.outcomeOf(failed("awaitCatchUp", DtsFailures.JOB_STATE_UNSAFE, "Failed")));
    assertEquals(
        Outcome.FAILED,
        FailureOutcomes.outcomeOf(failed("describeJob", DtsFailures.TRANSIENT, "reset")));
    assertEquals(Outcome.FAILED, FailureOutcomes.outcomeOf(timedOut("freeze")));
  }

  @Test
  void theCodeFollowsTheTypeFirstThenTheActivity() {
    assertEquals(
        ReasonCode.FREEZE_BREACH,
        FailureOutcomes.codeOf(failed("verifyFreeze", FreezeFailures.NOT_HELD, "lost")));
    assertEquals(
        ReasonCode.FREEZE_FAILED,
        FailureOutcomes.codeOf(failed("freeze", FreezeFailures.AUTH_FAILED, "denied")));
    assertEquals(
        ReasonCode.DTS_UNREACHABLE,
        FailureOutcomes.codeOf(failed("describeJob", DtsFailures.THROTTLED, "slow down")));
    assertEquals(
        ReasonCode.DTS_UNREADABLE,
        FailureOutcomes.codeOf(failed("describeJob", DtsFailures.UNREADABLE, "Delay=abc")));
    assertEquals(
        ReasonCode.JOB_NOT_FOUND,
        FailureOutcomes.codeOf(failed("describeJob", DtsFailures.JOB_NOT_FOUND, "gone")));
    assertEquals(
        ReasonCode.TASK_STATE_UNSAFE,
        FailureOutcomes.codeOf(failed("awaitCatchUp", DtsFailures.JOB_STATE_UNSAFE, "Failed")));
    assertEquals(
        ReasonCode.STOP_REFUSED,
        FailureOutcomes.codeOf(failed("StopJob", DtsFailures.PERMISSION_DENIED, "no")),
        "a refused stop is named by its activity before its type");
    assertEquals(
        ReasonCode.DTS_ERROR,
        FailureOutcomes.codeOf(failed("describeJob", DtsFailures.PERMISSION_DENIED, "no")));
    assertEquals(ReasonCode.ACTIVITY_FAILED, FailureOutcomes.codeOf(timedOut("freeze")));
    assertEquals(
        ReasonCode.ACTIVITY_FAILED,
        FailureOutcomes.codeOf(failed("freeze", "SomethingElse", "odd")));
  }

  @Test
  void theSentenceNamesTheActivityTheTypeAndTheCauseAndAnUnconfirmedStop() {
    ActivityFailure denied = failed("freeze", FreezeFailures.AUTH_FAILED, "access denied");
    assertEquals(
        "freeze failed (FreezeAuthFailed): access denied", FailureOutcomes.explain(denied, false));
    assertEquals(
        "freeze failed (FreezeAuthFailed): access denied; StopDtsJob was sent: check the task in"
            + " the DTS console",
        FailureOutcomes.explain(denied, true));
    assertEquals(
        "freeze failed: timed out (TIMEOUT_TYPE_START_TO_CLOSE)",
        FailureOutcomes.explain(timedOut("freeze"), false));
  }

  @Test
  void theRootMessageDropsTheSdkWrapping() {
    assertEquals(
        "access denied",
        FailureOutcomes.rootMessage(failed("freeze", FreezeFailures.AUTH_FAILED, "access denied")));
    ActivityFailure noCause = failed("freeze", (Throwable) null);
    assertEquals(noCause.getMessage(), FailureOutcomes.rootMessage(noCause));
    assertEquals(
        "boom", FailureOutcomes.rootMessage(failed("freeze", new IllegalStateException("boom"))));
    assertNull(FailureOutcomes.type(timedOut("freeze")));
  }
}
