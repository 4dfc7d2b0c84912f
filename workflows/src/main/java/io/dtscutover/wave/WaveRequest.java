package io.dtscutover.wave;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.workflow.CutoverIds;
import io.dtscutover.workflow.CutoverRequest;
import io.dtscutover.workflow.InvalidCutoverRequestException;
import io.dtscutover.workflow.RequestProblem;
import io.dtscutover.workflow.WireDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A wave: many DTS jobs cut over together, with one freeze gate, one stop gate and one freeze
 * budget. Each job is a full {@link CutoverRequest} (its own freeze strategy, target, lag and
 * windows); the wave decides their gates.
 *
 * @param waveId names the wave: workflow id {@code wave-<waveId>}, search attribute {@code
 *     CutoverWaveId}
 * @param jobs the jobs, each a cutover request of its own
 * @param approval who decides the wave's freeze and stop gates, and how long each waits
 * @param maxFreeze the wave's freeze budget, counted from the first freeze: no source stays frozen
 *     longer than this before the wave's point of no return
 * @param requestedBy who asked for the wave (the two-person rule excludes them)
 * @param dryRun every job runs its checks and prints its plan; nothing changes
 * @param decodeProblems what could not be read from the JSON this request came from
 */
public record WaveRequest(
    String waveId,
    List<CutoverRequest> jobs,
    ApprovalPolicy approval,
    @JsonSerialize(using = WireDuration.Writer.class) Duration maxFreeze,
    String requestedBy,
    boolean dryRun,
    @JsonIgnore List<RequestProblem> decodeProblems) {

  /** The most jobs one wave may hold. */
  public static final int MAX_JOBS = 200;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.@+-]{0,127}");
  private static final List<String> FIELDS =
      List.of("waveId", "jobs", "approval", "maxFreeze", "requestedBy", "dryRun");

  /** A request built in Java. */
  public WaveRequest(
      String waveId,
      List<CutoverRequest> jobs,
      ApprovalPolicy approval,
      Duration maxFreeze,
      String requestedBy,
      boolean dryRun) {
    this(waveId, jobs, approval, maxFreeze, requestedBy, dryRun, List.of());
  }

  /**
   * Reads a wave from JSON without throwing: each job and the approval are read like a cutover's
   * request, and what cannot be read becomes a {@link RequestProblem}.
   */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static WaveRequest fromJson(JsonNode json) {
    List<RequestProblem> problems = new ArrayList<>();
    if (json == null || !json.isObject()) {
      problems.add(new RequestProblem("wave", "must be a JSON object with fields " + FIELDS));
      return new WaveRequest(null, List.of(), null, null, null, false, problems);
    }
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!FIELDS.contains(name)) {
        problems.add(new RequestProblem(name, "unknown field: the fields are " + FIELDS));
      }
    }
    // The approval and the budget are read by the cutover request's reader, so they accept the
    // same spellings ("30m", ["freeze", "stop"]).
    ObjectNode settings = JsonNodeFactory.instance.objectNode();
    if (json.has("approval")) {
      settings.set("approval", json.get("approval"));
    }
    if (json.has("maxFreeze")) {
      settings.set("maxFreeze", json.get("maxFreeze"));
    }
    CutoverRequest read = CutoverRequest.fromJson(settings);
    problems.addAll(read.decodeProblems());
    List<CutoverRequest> jobs = new ArrayList<>();
    JsonNode list = json.get("jobs");
    if (list != null && list.isArray()) {
      list.forEach(job -> jobs.add(CutoverRequest.fromJson(job)));
    } else if (list != null && !list.isNull()) {
      problems.add(new RequestProblem("jobs", "must be a list of cutover requests"));
    }
    JsonNode dryRun = json.get("dryRun");
    return new WaveRequest(
        text(json, "waveId"),
        jobs,
        read.approval(),
        read.maxFreeze(),
        text(json, "requestedBy"),
        dryRun != null && dryRun.asBoolean(false),
        problems);
  }

  private static String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    return node == null || !node.isTextual() ? null : node.asText();
  }

  /** {@code wave-<waveId>}. */
  public String workflowId() {
    return CutoverIds.waveWorkflowId(waveId);
  }

  /** Every problem with this wave, each naming its field (a job's as {@code jobs[i].field}). */
  public List<RequestProblem> problems() {
    List<RequestProblem> problems = new ArrayList<>();
    if (decodeProblems != null) {
      problems.addAll(decodeProblems);
    }
    if (waveId == null || !NAME.matcher(waveId).matches()) {
      problems.add(
          new RequestProblem(
              "waveId",
              "a wave id like orders-shards is required, letters, digits, '-', '_', '.'"
                  + " (got "
                  + waveId
                  + ")"));
    }
    if (requestedBy == null || !NAME.matcher(requestedBy).matches()) {
      problems.add(
          new RequestProblem(
              "requestedBy", "say who requests the wave, like alice (got " + requestedBy + ")"));
    }
    if (jobs == null || jobs.isEmpty()) {
      problems.add(new RequestProblem("jobs", "a wave needs at least one job (--job REGION/JOB)"));
    } else if (jobs.size() > MAX_JOBS) {
      problems.add(
          new RequestProblem(
              "jobs",
              "at most " + MAX_JOBS + " jobs per wave (got " + jobs.size() + "): split it"));
    } else {
      jobProblems(problems);
    }
    if (maxFreeze == null || maxFreeze.isNegative() || maxFreeze.isZero()) {
      problems.add(new RequestProblem("maxFreeze", "must be positive (got " + maxFreeze + ")"));
    }
    if (approval == null) {
      problems.add(new RequestProblem("approval", "an approval policy is required"));
    } else {
      // The wave's approval rules are checked like a cutover's.
      CutoverRequest.builder("wave", "cn-wave")
          .approval(approval)
          .requestedBy(requestedBy == null ? "nobody" : requestedBy)
          .build()
          .problems()
          .stream()
          .filter(problem -> problem.field().startsWith("approval"))
          .forEach(problems::add);
    }
    return problems;
  }

  private void jobProblems(List<RequestProblem> problems) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < jobs.size(); i++) {
      CutoverRequest job = jobs.get(i);
      String prefix = "jobs[" + i + "]";
      if (job == null) {
        problems.add(new RequestProblem(prefix, "is empty"));
        continue;
      }
      String named = prefix + " (" + job.regionId() + "/" + job.jobId() + ")";
      for (RequestProblem problem : job.problems()) {
        if (!problem.field().startsWith("approval") && !problem.field().equals("requestedBy")) {
          problems.add(new RequestProblem(named + "." + problem.field(), problem.message()));
        }
      }
      if (!seen.add(job.workflowId())) {
        problems.add(
            new RequestProblem(named, "is in the wave twice: each job may appear only once"));
      }
      if (job.waveId() != null && !job.waveId().equals(waveId)) {
        problems.add(
            new RequestProblem(named + ".waveId", "names another wave (" + job.waveId() + ")"));
      }
      if (job.freezeStrategy() == FreezeStrategy.MANUAL) {
        problems.add(
            new RequestProblem(
                named + ".freezeStrategy",
                "the manual freeze cannot be used in a wave (its confirmation is per job): use a"
                    + " database freeze, or none after stopping the writers yourself"));
      }
      if (job.deleteAfterStop() || job.allowPaused() || job.allowFailed()) {
        problems.add(
            new RequestProblem(
                named,
                "release after stop, --allow-paused and --allow-failed are not available in a"
                    + " wave: cut such a job over on its own"));
      }
      if (maxFreeze != null
          && job.quietWindow() != null
          && maxFreeze.compareTo(job.quietWindow()) <= 0) {
        problems.add(
            new RequestProblem(
                "maxFreeze",
                "the wave's freeze budget ("
                    + maxFreeze
                    + ") must be longer than the quiet window of "
                    + job.jobId()
                    + " ("
                    + job.quietWindow()
                    + ")"));
      }
    }
  }

  /** Throws {@link InvalidCutoverRequestException} listing every problem, if there are any. */
  public WaveRequest requireValid() {
    List<RequestProblem> problems = problems();
    if (!problems.isEmpty()) {
      throw new InvalidCutoverRequestException(problems);
    }
    return this;
  }

  /**
   * Job {@code index} as the wave starts it: its freeze and stop gates wait for the wave (the only
   * approver it accepts), with deadlines long enough for the slowest job of the wave to catch up;
   * the wave's own deadlines apply first.
   */
  public CutoverRequest member(int index) {
    Duration slowestToFreezeGate = Duration.ZERO;
    Duration slowestToStopGate = Duration.ZERO;
    for (CutoverRequest job : jobs) {
      slowestToFreezeGate =
          max(slowestToFreezeGate, job.waitForIncrementalTimeout().plus(job.catchUpTimeout()));
      slowestToStopGate = max(slowestToStopGate, job.catchUpTimeout());
    }
    ApprovalPolicy byTheWave =
        new ApprovalPolicy(
            EnumSet.of(Gate.FREEZE, Gate.STOP),
            List.of(workflowId()),
            false,
            approval.deadlineFor(Gate.FREEZE).plus(slowestToFreezeGate),
            Map.of(
                Gate.FREEZE,
                approval.deadlineFor(Gate.FREEZE).plus(slowestToFreezeGate),
                Gate.STOP,
                approval.deadlineFor(Gate.STOP).plus(slowestToStopGate)),
            Set.of());
    return jobs.get(index).asWaveMember(waveId, byTheWave, dryRun);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
