package io.dtscutover.cli.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.cli.CliFailure;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.wave.WaveRequest;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.CutoverSearchAttributes;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Temporal Schedule behind `cutover schedule create`, built without a server. */
class CutoverSchedulesTest {
  private static CutoverRequest request(ApprovalPolicy approval) {
    return CutoverRequest.builder("dtsabc123", "cn-hangzhou")
        .freeze(FreezeStrategy.MYSQL_READ_ONLY, "orders-db")
        .approval(approval)
        .requestedBy("alice")
        .build();
  }

  private static ApprovalPolicy policy(Set<Gate> require, List<String> approvers, Set<Gate> auto) {
    return new ApprovalPolicy(require, approvers, false, Duration.ofHours(1), Map.of(), auto);
  }

  private static final ApprovalPolicy UNATTENDED =
      policy(Set.of(Gate.FREEZE, Gate.STOP), List.of(), Set.of(Gate.FREEZE, Gate.STOP));

  @Test
  void aCronScheduleStartsTheSameCutoverAsStartWouldWithOverlapSkipped() {
    CutoverRequest request = request(UNATTENDED);
    Schedule schedule =
        CutoverSchedules.schedule(
            request,
            ScheduleCadence.of("0 3 * * SUN", null, "Asia/Shanghai"),
            "dts-cutover",
            "a note");

    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
    assertEquals("ScheduledCutoverWorkflow", action.getWorkflowType());
    assertEquals(request, action.getArguments().get(0, CutoverRequest.class));
    WorkflowOptions options = action.getOptions();
    assertEquals("scheduled-cutover-cn-hangzhou-dtsabc123", options.getWorkflowId());
    assertEquals("dts-cutover", options.getTaskQueue());
    assertNull(options.getWorkflowIdReusePolicy(), "schedules refuse id policies");
    assertNull(options.getWorkflowIdConflictPolicy(), "schedules refuse id policies");
    assertEquals("Scheduled cutover of dtsabc123 in cn-hangzhou", options.getStaticSummary());
    assertEquals(
        "dtsabc123", options.getTypedSearchAttributes().get(CutoverSearchAttributes.JOB_ID));
    assertEquals(
        "cn-hangzhou", options.getTypedSearchAttributes().get(CutoverSearchAttributes.REGION));
    assertEquals(List.of("0 3 * * SUN"), schedule.getSpec().getCronExpressions());
    assertEquals("Asia/Shanghai", schedule.getSpec().getTimeZoneName());
    assertEquals(
        ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP, schedule.getPolicy().getOverlap());
    assertEquals(Duration.ofMinutes(10), schedule.getPolicy().getCatchupWindow());
    assertEquals("a note", schedule.getState().getNote());
  }

  @Test
  void anIntervalScheduleRunsEveryDuration() {
    Schedule schedule =
        CutoverSchedules.schedule(
            request(UNATTENDED), ScheduleCadence.of(null, Duration.ofHours(24), null), "q", "n");

    assertEquals(1, schedule.getSpec().getIntervals().size());
    assertEquals(Duration.ofHours(24), schedule.getSpec().getIntervals().get(0).getEvery());
    assertEquals("UTC", schedule.getSpec().getTimeZoneName());
    assertTrue(
        schedule.getSpec().getCronExpressions() == null
            || schedule.getSpec().getCronExpressions().isEmpty());
  }

  @Test
  void gatesThatWaitForNobodyInParticularAreRefused() {
    String refusal = CutoverSchedules.refusal(request(ApprovalPolicy.defaults()));

    assertEquals(
        "a scheduled cutover would wait at the freeze, stop gates for a person nobody named: say"
            + " who decides with --approvers NAMES, or approve by policy with --auto-approve"
            + " freeze,stop (or --require-approval none)",
        refusal);
  }

  @Test
  void namedApproversAutoApprovalOrNoGatesMakeAScheduleAcceptable() {
    assertNull(
        CutoverSchedules.refusal(
            request(policy(Set.of(Gate.FREEZE, Gate.STOP), List.of("bob"), Set.of()))));
    assertNull(CutoverSchedules.refusal(request(UNATTENDED)));
    assertNull(CutoverSchedules.refusal(request(ApprovalPolicy.noApprovals())));
  }

  @Test
  void aManualFreezeNeedsNamedPeopleEvenWithAutoApproval() {
    CutoverRequest manual =
        CutoverRequest.builder("dtsabc123", "cn-hangzhou")
            .freeze(FreezeStrategy.MANUAL, null)
            .approval(UNATTENDED)
            .requestedBy("alice")
            .build();
    assertTrue(
        CutoverSchedules.refusal(manual).startsWith("--freeze manual waits for a person"),
        CutoverSchedules.refusal(manual));

    CutoverRequest attended =
        CutoverRequest.builder("dtsabc123", "cn-hangzhou")
            .freeze(FreezeStrategy.MANUAL, null)
            .approval(policy(Set.of(Gate.FREEZE), List.of("bob"), Set.of()))
            .requestedBy("alice")
            .build();
    assertNull(CutoverSchedules.refusal(attended));
  }

  @Test
  void theDeleteGateCountsOnlyWhenDeletionIsAsked() {
    ApprovalPolicy deleteWaits =
        policy(
            Set.of(Gate.FREEZE, Gate.STOP, Gate.DELETE), List.of(), Set.of(Gate.FREEZE, Gate.STOP));
    assertNull(CutoverSchedules.refusal(request(deleteWaits)));

    CutoverRequest deleting =
        CutoverRequest.builder("dtsabc123", "cn-hangzhou")
            .freeze(FreezeStrategy.NONE, null)
            .approval(deleteWaits)
            .deleteAfterStop(true)
            .requestedBy("alice")
            .build();
    assertTrue(CutoverSchedules.refusal(deleting).contains("at the delete gate"));
  }

  @Test
  void aFixedWindowCannotRepeat() {
    CutoverRequest windowed =
        CutoverRequest.builder("dtsabc123", "cn-hangzhou")
            .freeze(FreezeStrategy.NONE, null)
            .approval(UNATTENDED)
            .window(Instant.parse("2026-12-01T03:00:00Z"), null)
            .requestedBy("alice")
            .build();
    assertTrue(CutoverSchedules.refusal(windowed).startsWith("--not-before/--not-after"));
  }

  @Test
  void theCadenceIsExactlyOneOfCronOrEveryAndChecked() {
    assertEquals(
        "say when the cutover runs with exactly one of --cron EXPR (like '0 3 * * SUN') or"
            + " --every DURATION (like 24h)",
        assertThrows(CliFailure.class, () -> ScheduleCadence.of(null, null, null)).getMessage());
    assertThrows(
        CliFailure.class, () -> ScheduleCadence.of("0 3 * * *", Duration.ofHours(1), null));
    assertEquals(
        "--every must be at least 1m (got PT30S)",
        assertThrows(CliFailure.class, () -> ScheduleCadence.of(null, Duration.ofSeconds(30), null))
            .getMessage());
    assertTrue(
        assertThrows(CliFailure.class, () -> ScheduleCadence.of("at three", null, null))
            .getMessage()
            .startsWith("--cron 'at three' is not a cron expression"));
    assertTrue(
        assertThrows(CliFailure.class, () -> ScheduleCadence.of("0 3 * * *", null, "Mars/Olympus"))
            .getMessage()
            .startsWith("--time-zone Mars/Olympus is not a time zone"));
    assertEquals("every 1d12h", ScheduleCadence.of(null, Duration.ofHours(36), null).describe());
    assertEquals("cron '@daily' (UTC)", ScheduleCadence.of(" @daily ", null, "").describe());
  }

  private static WaveRequest wave(ApprovalPolicy approval, boolean dryRun) {
    List<CutoverRequest> jobs =
        List.of("dtsa", "dtsb").stream()
            .map(
                job ->
                    CutoverRequest.builder(job, "cn-hangzhou")
                        .freeze(FreezeStrategy.MYSQL_READ_ONLY, job + "-db")
                        .requestedBy("alice")
                        .waveId("orders")
                        .build())
            .toList();
    return new WaveRequest("orders", jobs, approval, Duration.ofMinutes(30), "alice", dryRun);
  }

  @Test
  void aWaveScheduleStartsTheWaveUnderItsOwnIdThroughAScheduledRunWithOverlapSkipped() {
    WaveRequest request =
        wave(policy(Set.of(Gate.FREEZE, Gate.STOP), List.of("bob"), Set.of()), false);
    Schedule schedule =
        CutoverSchedules.schedule(
            request, ScheduleCadence.of("0 3 * * SUN", null, "UTC"), "dts-cutover", "a note");

    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
    assertEquals("ScheduledWaveWorkflow", action.getWorkflowType());
    assertEquals(request, action.getArguments().get(0, WaveRequest.class));
    WorkflowOptions options = action.getOptions();
    assertEquals("scheduled-wave-orders", options.getWorkflowId());
    assertEquals("dts-cutover", options.getTaskQueue());
    assertNull(options.getWorkflowIdReusePolicy(), "schedules refuse id policies");
    assertNull(options.getWorkflowIdConflictPolicy(), "schedules refuse id policies");
    assertEquals(
        ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP, schedule.getPolicy().getOverlap());
    assertEquals(Duration.ofMinutes(10), schedule.getPolicy().getCatchupWindow());
    assertNull(CutoverSchedules.refusal(request));
  }

  @Test
  void aWaveScheduleNeedsNamedApproversOrNoGatesAndNoDryRun() {
    assertEquals(
        "a scheduled wave would wait at the freeze, stop gates for a person nobody named: say who"
            + " decides with --approvers NAMES (or --require-approval none)",
        CutoverSchedules.refusal(wave(ApprovalPolicy.defaults(), false)));
    assertNull(CutoverSchedules.refusal(wave(policy(Set.of(), List.of(), Set.of()), false)));
    assertTrue(
        CutoverSchedules.refusal(wave(policy(Set.of(), List.of(), Set.of()), true))
            .startsWith("--dry-run checks a wave once"));
  }
}
