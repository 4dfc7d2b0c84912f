package io.dtscutover.worker.dts;

import com.aliyun.dts20200101.Client;
import com.aliyun.dts20200101.models.DeleteDtsJobRequest;
import com.aliyun.dts20200101.models.DeleteDtsJobResponseBody;
import com.aliyun.dts20200101.models.DescribeDataCheckTableDetailsRequest;
import com.aliyun.dts20200101.models.DescribeDataCheckTableDetailsResponseBody;
import com.aliyun.dts20200101.models.DescribeDataCheckTableDetailsResponseBody.DescribeDataCheckTableDetailsResponseBodyTableDetails;
import com.aliyun.dts20200101.models.DescribeDtsJobDetailRequest;
import com.aliyun.dts20200101.models.DescribeDtsJobDetailResponseBody;
import com.aliyun.dts20200101.models.DescribeDtsJobsRequest;
import com.aliyun.dts20200101.models.DescribeDtsJobsResponseBody;
import com.aliyun.dts20200101.models.StopDtsJobRequest;
import com.aliyun.dts20200101.models.StopDtsJobResponseBody;
import com.aliyun.tea.TeaModel;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teaopenapi.models.OpenApiRequest;
import com.aliyun.teaopenapi.models.Params;
import com.aliyun.teautil.models.RuntimeOptions;
import io.dtscutover.dts.CheckProgress;
import io.dtscutover.dts.DtsCallResult;
import io.dtscutover.dts.DtsFailures;
import io.dtscutover.dts.FullLoadStatus;
import io.dtscutover.dts.IncrementalStatus;
import io.dtscutover.dts.JobRef;
import io.dtscutover.dts.JobSnapshot;
import io.dtscutover.dts.JobStatus;
import io.dtscutover.dts.TableDifference;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.dts.VerificationState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DtsClient} on Alibaba Cloud's official SDK ({@code com.aliyun:dts20200101}).
 *
 * <p>What it guarantees: TLS certificates and host names are always verified (every call goes
 * through the SDK's {@code ...WithOptions} variant with {@code ignoreSSL=false}, because the SDK's
 * default does not verify); connect and read timeouts are explicit; {@code RegionId} is set on
 * every request; every call waits its turn at the one {@link DtsRateLimiter} of its (access key,
 * region) in the process, in the {@link DtsLane} of the calling thread (stops and deletes are
 * {@link DtsLane#URGENT}, pages {@link DtsLane#ROUTINE}), and every throttled answer slows that
 * limiter down and is reported to the {@link DtsCallObserver}; both of DTS's error channels become
 * classified {@link DtsCallException}s carrying the request id and no credential; a {@code Delay}
 * that cannot be true is {@link DtsFailures#UNREADABLE}, never low (see {@link DelayReading}); an
 * expired STS token makes it re-read its credentials ({@code DTS_CREDENTIALS_FILE}) and retry the
 * call once.
 *
 * <p>The SDK caches one HTTP client per host and port for the whole JVM, built with the TLS and
 * timeout settings of the first call to that host. This class must therefore be the only code in a
 * process that calls DTS through the SDK: one call elsewhere with the SDK's defaults would leave
 * every later call to that host unverified.
 */
public final class AlibabaDtsClient implements DtsClient {
  private static final Logger log = LoggerFactory.getLogger(AlibabaDtsClient.class);

  /** Regions the SDK itself routes to the central endpoint (its built-in endpoint map). */
  private static final Set<String> CENTRAL_ENDPOINT_REGIONS =
      Set.of(
          "cn-qingdao",
          "cn-beijing",
          "cn-zhangjiakou",
          "cn-huhehaote",
          "cn-hangzhou",
          "cn-shanghai",
          "cn-shenzhen",
          "cn-hongkong",
          "ap-southeast-1",
          "ap-southeast-2",
          "ap-southeast-3",
          "ap-southeast-5",
          "eu-west-1",
          "us-west-1",
          "us-east-1",
          "eu-central-1",
          "me-east-1",
          "ap-south-1",
          "cn-chengdu");

  private final DtsSettings settings;
  private final SharedRateLimiters limiters;
  private final Clock clock;
  private final DtsErrorMapping errors;
  private final DtsCallObserver observer;
  private final Map<String, SignedClient> clients = new ConcurrentHashMap<>();
  private volatile DtsCredentials credentials;

  /** An SDK client and the credentials it signs with. */
  private record SignedClient(Client client, DtsCredentials credentials) {}

  /** A client for the process: describe calls share {@link SharedRateLimiters#PROCESS}. */
  public AlibabaDtsClient(DtsSettings settings) {
    this(settings, DtsCallObserver.NONE);
  }

  /** A client for the process whose every request to DTS is reported to {@code observer}. */
  public AlibabaDtsClient(DtsSettings settings, DtsCallObserver observer) {
    this(settings, SharedRateLimiters.PROCESS, Clock.systemUTC(), observer);
  }

  /** A client with its own limiter registry and clock (tests). */
  public AlibabaDtsClient(DtsSettings settings, SharedRateLimiters limiters, Clock clock) {
    this(settings, limiters, clock, DtsCallObserver.NONE);
  }

  /** A client with its own limiter registry, clock and observer (tests). */
  public AlibabaDtsClient(
      DtsSettings settings, SharedRateLimiters limiters, Clock clock, DtsCallObserver observer) {
    this.settings = settings;
    this.observer = observer;
    this.limiters = limiters;
    this.clock = clock;
    this.errors =
        new DtsErrorMapping(Arrays.asList(settings.accessKeySecret(), settings.securityToken()));
    this.credentials =
        new DtsCredentials(
            settings.accessKeyId(), settings.accessKeySecret(), settings.securityToken());
  }

  /** The endpoint used for {@code regionId}: {@code DTS_ENDPOINT}, or the region's public one. */
  public String endpointFor(String regionId) {
    if (settings.endpoint() != null) {
      return settings.endpoint().getScheme().toLowerCase(java.util.Locale.ROOT)
          + "://"
          + settings.endpoint().getAuthority();
    }
    return "https://" + publicHost(regionId);
  }

  static String publicHost(String regionId) {
    return CENTRAL_ENDPOINT_REGIONS.contains(regionId)
        ? "dts.aliyuncs.com"
        : "dts." + regionId + ".aliyuncs.com";
  }

  @Override
  public JobSnapshot describe(JobRef job) {
    return observed("DescribeDtsJobDetail", () -> describeOnce(job));
  }

  private JobSnapshot describeOnce(JobRef job) {
    DescribeDtsJobDetailRequest request =
        new DescribeDtsJobDetailRequest().setRegionId(job.regionId()).setDtsJobId(job.jobId());
    if (job.instanceId() != null) {
      request.setDtsInstanceID(job.instanceId());
    }
    DescribeDtsJobDetailResponseBody body =
        required(
            "DescribeDtsJobDetail",
            job,
            call(
                "DescribeDtsJobDetail",
                job,
                client -> client.describeDtsJobDetailWithOptions(request, runtime()).getBody()));
    return normalise(job, body);
  }

  private JobSnapshot normalise(JobRef job, DescribeDtsJobDetailResponseBody body) {
    if (body.getStatus() == null || body.getStatus().isBlank()) {
      // Every DescribeDtsJobDetail answer carries the task's Status: one without is broken.
      throw unreadable(
          "DescribeDtsJobDetail",
          job,
          "the answer has no Status (HTTP 200, Status="
              + (body.getStatus() == null ? "absent" : "\"\"")
              + ")",
          body.getRequestId());
    }
    var mode = body.getMigrationMode();
    var sync = body.getDataSynchronizationStatus();
    String rawIncremental = sync == null ? null : sync.getStatus();
    Long delay = body.getDelay();
    Long delayMillis;
    try {
      delayMillis = delay == null ? null : DelayReading.toMillis(delay, settings.delayInSeconds());
    } catch (ArithmeticException overflow) {
      throw unreadable(
          "DescribeDtsJobDetail",
          job,
          "Delay does not fit in milliseconds with DTS_DELAY_UNIT=s (HTTP 200, Delay="
              + delay
              + ")",
          body.getRequestId());
    }
    String error =
        errorMessage(body.getErrorMessage(), sync == null ? null : sync.getErrorMessage());
    return new JobSnapshot(
        job,
        body.getDtsJobName(),
        JobStatus.fromDts(body.getStatus()),
        body.getStatus(),
        mode != null && Boolean.TRUE.equals(mode.getDataInitialization()),
        mode != null && Boolean.TRUE.equals(mode.getDataSynchronization()),
        IncrementalStatus.fromDts(rawIncremental),
        rawIncremental,
        FullLoadStatus.ABSENT,
        null,
        delayMillis,
        body.getPayType(),
        error,
        body.getRequestId(),
        clock.instant());
  }

  /**
   * {@code DescribeDtsJobs} filtered by the job id, as a migration task and, when DTS does not list
   * it as one, as a synchronization task. Only an item with exactly this job id counts: a filter
   * DTS ignored must not lend us another task's full load.
   */
  @Override
  public FullLoadReading describeFullLoad(JobRef job) {
    String requestId = null;
    for (String jobType : new String[] {"MIGRATION", "SYNC"}) {
      DescribeDtsJobsRequest request =
          new DescribeDtsJobsRequest()
              .setRegionId(job.regionId())
              .setDtsJobId(job.jobId())
              .setJobType(jobType)
              .setPageNumber(1)
              .setPageSize(20);
      if (job.instanceId() != null) {
        request.setDtsInstanceId(job.instanceId());
      }
      DescribeDtsJobsResponseBody body =
          observed(
              "DescribeDtsJobs",
              () ->
                  required(
                      "DescribeDtsJobs",
                      job,
                      call(
                          "DescribeDtsJobs",
                          job,
                          client ->
                              client.describeDtsJobsWithOptions(request, runtime()).getBody())));
      requestId = body.getRequestId();
      if (body.getDtsJobList() != null) {
        for (var item : body.getDtsJobList()) {
          if (job.jobId().equals(item.getDtsJobId())) {
            var full = item.getDataInitializationStatus();
            return new FullLoadReading(full == null ? null : full.getStatus(), requestId);
          }
        }
      }
    }
    return new FullLoadReading(null, requestId);
  }

  /** Tables asked for per {@code DescribeDataCheckTableDetails} page. */
  static final int DATA_CHECK_PAGE_SIZE = 50;

  /** Pages read per check at most: 10,000 tables; a task with more reads as not completed. */
  static final int DATA_CHECK_MAX_PAGES = 200;

  /** {@code Status} filter of {@code DescribeDataCheckTableDetails}: inconsistent tables. */
  static final String INCONSISTENT_TABLES = "6";

  /**
   * {@code DescribeDataCheckTableDetails} for each check of {@code mode}: every page of the check's
   * tables (their statuses and {@code DiffCount}s), then the pages filtered by {@code Status=6}
   * (inconsistent tables), so that a difference is seen even on a table whose status says nothing
   * of it. Every call is rate limited like a describe. The 2.0.0 SDK's request has no {@code
   * RegionId}: the region is the endpoint's.
   */
  @Override
  public VerificationState describeVerification(JobRef job, VerificationMode mode) {
    List<CheckProgress> checks = new ArrayList<>();
    Map<String, TableDifference> differences = new LinkedHashMap<>();
    String[] requestId = {null};
    for (VerificationMode check : mode.checks()) {
      int[] tables = {0};
      int[] done = {0};
      List<String> failed = new ArrayList<>();
      boolean allRead =
          eachTable(
              job,
              check,
              null,
              requestId,
              table -> {
                tables[0]++;
                String status = table.getStatus() == null ? "" : table.getStatus().strip();
                if (status.equals("0")) {
                  done[0]++;
                } else if (status.equals("5")) {
                  failed.add(tableName(table));
                }
                noteDifference(differences, check, table, 0);
              });
      eachTable(
          job,
          check,
          INCONSISTENT_TABLES,
          requestId,
          // Listed as inconsistent without a count: a difference all the same.
          table -> noteDifference(differences, check, table, 1));
      // More tables than were read: such a check never reads as completed.
      checks.add(new CheckProgress(check, tables[0] + (allRead ? 0 : 1), done[0], failed));
    }
    return new VerificationState(
        mode, checks, List.copyOf(differences.values()), requestId[0], clock.instant());
  }

  /**
   * Reads every page of {@code check}'s tables (filtered by {@code status} unless null), up to
   * {@link #DATA_CHECK_MAX_PAGES}; returns whether every table was read.
   */
  private boolean eachTable(
      JobRef job,
      VerificationMode check,
      String status,
      String[] requestId,
      Consumer<DescribeDataCheckTableDetailsResponseBodyTableDetails> onTable) {
    long read = 0;
    for (int page = 1; page <= DATA_CHECK_MAX_PAGES; page++) {
      var body = dataCheckPage(job, check, status, page);
      requestId[0] = body.getRequestId();
      var details =
          body.getTableDetails() == null
              ? List.<DescribeDataCheckTableDetailsResponseBodyTableDetails>of()
              : body.getTableDetails();
      details.forEach(onTable);
      read += details.size();
      long total = body.getTotalCount() == null ? 0 : body.getTotalCount();
      if (details.isEmpty() || read >= total) {
        return true;
      }
    }
    return false;
  }

  private DescribeDataCheckTableDetailsResponseBody dataCheckPage(
      JobRef job, VerificationMode check, String status, int page) {
    DescribeDataCheckTableDetailsRequest request =
        new DescribeDataCheckTableDetailsRequest()
            .setDtsJobId(job.jobId())
            .setCheckType(check.checkType())
            .setPageNumber(page)
            .setPageSize(DATA_CHECK_PAGE_SIZE);
    if (status != null) {
      request.setStatus(status);
    }
    return observed(
        "DescribeDataCheckTableDetails",
        () ->
            required(
                "DescribeDataCheckTableDetails",
                job,
                call(
                    "DescribeDataCheckTableDetails",
                    job,
                    client ->
                        client
                            .describeDataCheckTableDetailsWithOptions(request, runtime())
                            .getBody())));
  }

  /** Records {@code table}'s {@code DiffCount}, or {@code atLeast} when it reports fewer. */
  private static void noteDifference(
      Map<String, TableDifference> differences,
      VerificationMode check,
      DescribeDataCheckTableDetailsResponseBodyTableDetails table,
      long atLeast) {
    long diff = Math.max(table.getDiffCount() == null ? 0 : table.getDiffCount(), atLeast);
    if (diff > 0) {
      String name = tableName(table);
      differences.merge(
          check + ":" + name,
          new TableDifference(check, name, diff),
          (a, b) -> a.diffCount() >= b.diffCount() ? a : b);
    }
  }

  private static String tableName(DescribeDataCheckTableDetailsResponseBodyTableDetails table) {
    String db = table.getSourceDbName();
    String name = table.getSourceTbName();
    return (db == null || db.isBlank() ? "" : db + ".") + (name == null ? "?" : name);
  }

  /**
   * One page of {@code DescribeDtsJobs} of {@code jobType} in {@code regionId}, in the {@link
   * DtsLane#ROUTINE} lane. DTS filters this action by one job id, a job type and a status, not by a
   * list of ids, so a batched reader pages through the region's tasks of a type. Each item becomes
   * a snapshot with its full-load status, timed when the page was read.
   */
  @Override
  public JobPage listJobs(String regionId, String jobType, int pageNumber, int pageSize) {
    JobRef region = JobRef.of(regionId, "(page " + pageNumber + " of " + jobType + ")");
    DescribeDtsJobsRequest request =
        new DescribeDtsJobsRequest()
            .setRegionId(regionId)
            .setJobType(jobType)
            .setPageNumber(pageNumber)
            .setPageSize(pageSize);
    DescribeDtsJobsResponseBody body =
        DtsLane.during(
            DtsLane.ROUTINE,
            () ->
                observed(
                    "DescribeDtsJobs",
                    () ->
                        required(
                            "DescribeDtsJobs",
                            region,
                            call(
                                "DescribeDtsJobs",
                                region,
                                client ->
                                    client
                                        .describeDtsJobsWithOptions(request, runtime())
                                        .getBody()))));
    Instant readAt = clock.instant();
    Map<String, String> delayProblems = DelayReading.itemProblems(LastAnswer.answer());
    List<JobSnapshot> jobs = new ArrayList<>();
    Map<String, DtsCallException> unreadable = new LinkedHashMap<>();
    if (body.getDtsJobList() != null) {
      for (var item : body.getDtsJobList()) {
        if (item.getDtsJobId() != null) {
          String problem = pageItemProblem(item, delayProblems.get(item.getDtsJobId()));
          if (problem == null) {
            jobs.add(normalise(regionId, item, body.getRequestId(), readAt));
          } else {
            unreadable.put(
                item.getDtsJobId(),
                unreadable(
                    "DescribeDtsJobs",
                    new JobRef(regionId, item.getDtsJobId(), item.getDtsInstanceID()),
                    problem,
                    body.getRequestId()));
          }
        }
      }
    }
    int listed = body.getPageRecordCount() == null ? jobs.size() : body.getPageRecordCount();
    boolean more =
        body.getTotalRecordCount() != null
            ? (long) pageNumber * pageSize < body.getTotalRecordCount()
            : listed >= pageSize;
    return new JobPage(jobs, more, body.getRequestId(), readAt, unreadable);
  }

  /**
   * Why a page's item cannot be a reading of its task, as the task's own reading would say it
   * ({@link #normalise(JobRef, DescribeDtsJobDetailResponseBody)}): a {@code Delay} that {@link
   * DelayReading} refused ({@code delayProblem}) or that does not fit in milliseconds, or no {@code
   * Status}. {@code null} when it is readable.
   */
  private String pageItemProblem(
      DescribeDtsJobsResponseBody.DescribeDtsJobsResponseBodyDtsJobList item, String delayProblem) {
    if (delayProblem != null) {
      return delayProblem;
    }
    if (item.getStatus() == null || item.getStatus().isBlank()) {
      return "the item has no Status (HTTP 200, Status="
          + (item.getStatus() == null ? "absent" : "\"\"")
          + ")";
    }
    try {
      if (item.getDelay() != null) {
        DelayReading.toMillis(item.getDelay(), settings.delayInSeconds());
      }
    } catch (ArithmeticException overflow) {
      return "Delay does not fit in milliseconds with DTS_DELAY_UNIT=s (HTTP 200, Delay="
          + item.getDelay()
          + ")";
    }
    return null;
  }

  private JobSnapshot normalise(
      String regionId,
      DescribeDtsJobsResponseBody.DescribeDtsJobsResponseBodyDtsJobList item,
      String requestId,
      Instant readAt) {
    var mode = item.getMigrationMode();
    var sync = item.getDataSynchronizationStatus();
    var full = item.getDataInitializationStatus();
    String rawIncremental = sync == null ? null : sync.getStatus();
    String rawFull = full == null ? null : full.getStatus();
    Long delay = item.getDelay();
    Long delayMillis;
    try {
      delayMillis = delay == null ? null : DelayReading.toMillis(delay, settings.delayInSeconds());
    } catch (ArithmeticException overflow) {
      delayMillis = null; // never here: pageItemProblem made the item unreadable
    }
    return new JobSnapshot(
        new JobRef(regionId, item.getDtsJobId(), item.getDtsInstanceID()),
        item.getDtsJobName(),
        JobStatus.fromDts(item.getStatus()),
        item.getStatus(),
        mode != null && Boolean.TRUE.equals(mode.getDataInitialization()),
        mode != null && Boolean.TRUE.equals(mode.getDataSynchronization()),
        IncrementalStatus.fromDts(rawIncremental),
        rawIncremental,
        FullLoadStatus.fromDts(rawFull),
        rawFull,
        delayMillis,
        item.getPayType(),
        errorMessage(item.getErrorMessage(), sync == null ? null : sync.getErrorMessage()),
        requestId,
        readAt);
  }

  /** The task's and the incremental module's error messages, both when they differ. */
  private static String errorMessage(String task, String incremental) {
    boolean hasTask = task != null && !task.isBlank();
    boolean hasIncremental = incremental != null && !incremental.isBlank();
    if (hasTask && hasIncremental && !task.strip().equals(incremental.strip())) {
      return task.strip() + "; incremental: " + incremental.strip();
    }
    return hasTask ? task.strip() : hasIncremental ? incremental.strip() : null;
  }

  /**
   * Reads the task first and does not send {@code StopDtsJob} when it already reads Stopping or
   * Finished ({@code alreadyDone}). Once sent, a failure without a definitive answer (no answer, a
   * timeout, a 5xx, an unreadable answer) is {@link DtsFailures#STOP_OUTCOME_UNKNOWN}: the stop may
   * have taken effect. A refusal is re-checked: when the task now reads Stopping or Finished, the
   * refusal was of a repeated stop, and the result is {@code alreadyDone}.
   */
  @Override
  public DtsCallResult stop(JobRef job) {
    return stop(job, true);
  }

  /**
   * Like {@link #stop(JobRef)}; with {@code readFirst} false, {@code StopDtsJob} is sent without
   * the preliminary reading (one urgent call fewer). A stop DTS refuses because the task is already
   * stopping or Finished is still {@code alreadyDone}: the refusal is re-read.
   */
  @Override
  public DtsCallResult stop(JobRef job, boolean readFirst) {
    return DtsLane.during(DtsLane.URGENT, () -> stopNow(job, readFirst));
  }

  private DtsCallResult stopNow(JobRef job, boolean readFirst) {
    if (readFirst) {
      JobSnapshot before = describe(job);
      if (stoppingOrStopped(before)) {
        return new DtsCallResult("StopDtsJob", before.requestId(), true);
      }
    }
    StopDtsJobRequest request =
        new StopDtsJobRequest().setRegionId(job.regionId()).setDtsJobId(job.jobId());
    if (job.instanceId() != null) {
      request.setDtsInstanceId(job.instanceId());
    }
    StopDtsJobResponseBody body;
    try {
      body =
          observed(
              "StopDtsJob",
              () ->
                  call(
                      "StopDtsJob",
                      job,
                      client -> client.stopDtsJobWithOptions(request, runtime()).getBody()));
    } catch (DtsCallException failed) {
      return afterSendingStop(job, failed);
    }
    return new DtsCallResult("StopDtsJob", body == null ? null : body.getRequestId(), false);
  }

  private static boolean stoppingOrStopped(JobSnapshot reading) {
    return reading.status() == JobStatus.FINISHED || reading.status() == JobStatus.STOPPING;
  }

  /**
   * What a failed {@code StopDtsJob} means: {@code alreadyDone} when it refused a stop already
   * under way; otherwise it throws the refusal, or {@link DtsFailures#STOP_OUTCOME_UNKNOWN}.
   */
  private DtsCallResult afterSendingStop(JobRef job, DtsCallException failed) {
    if (DtsFailures.THROTTLED.equals(failed.type())) {
      throw failed; // DTS did not act on it
    }
    if (failed.retryable()) {
      throw new DtsCallException(
          DtsFailures.STOP_OUTCOME_UNKNOWN,
          failed.getMessage()
              + ". StopDtsJob was sent and its outcome is unknown: the task may be stopping;"
              + " re-read it before deciding anything",
          true,
          failed.requestId(),
          failed.nextRetryDelay());
    }
    // A refusal. Is it of a repeated stop (an earlier one took effect, its answer lost)?
    JobSnapshot now;
    try {
      now = describe(job);
    } catch (DtsCallException unreadable) {
      log.warn("StopDtsJob for {} was refused and the task could not be re-read", job);
      throw failed;
    }
    if (stoppingOrStopped(now)) {
      return new DtsCallResult("StopDtsJob", failed.requestId(), true);
    }
    if (DtsFailures.JOB_STATE_UNSAFE.equals(failed.type()) && stoppable(now)) {
      // Refused on the task's state while it reads stoppable: the HTTP client may have re-sent a
      // stop whose first answer was lost (OkHttp does so on a dropped connection), and DTS refuses
      // the copy while the first takes effect. That is no proof that nothing was stopped.
      throw DtsCallException.permanent(
          DtsFailures.STOP_OUTCOME_UNKNOWN,
          failed.getMessage()
              + ". DTS refused the stop on the task's state while the task reads "
              + now.describe()
              + ": an earlier copy of this stop may be taking effect, so the outcome is unknown;"
              + " wait for the task to read Finished",
          failed.requestId());
    }
    throw failed;
  }

  /** States in which DTS accepts a stop (the console's "Stop a data migration task"). */
  private static boolean stoppable(JobSnapshot reading) {
    return switch (reading.status()) {
      case MIGRATING, SYNCHRONIZING, PAUSED, FAILED -> true;
      default -> false;
    };
  }

  @Override
  public DtsCallResult delete(JobRef job) {
    return DtsLane.during(DtsLane.URGENT, () -> deleteNow(job));
  }

  private DtsCallResult deleteNow(JobRef job) {
    JobSnapshot before;
    try {
      before = describe(job);
    } catch (DtsCallException e) {
      if (DtsFailures.JOB_NOT_FOUND.equals(e.type())) {
        return new DtsCallResult("DeleteDtsJob", e.requestId(), true);
      }
      throw e;
    }
    if (before.prePaid()) {
      throw DtsCallException.permanent(
          DtsFailures.CANNOT_RELEASE_PREPAID,
          "DeleteDtsJob for "
              + job
              + ": the task runs on a subscription (PrePaid) instance, which DTS does not release"
              + " through the API. Release it in the DTS console (or let it expire). [request id "
              + before.requestId()
              + "]",
          before.requestId());
    }
    if (before.status() != JobStatus.FINISHED) {
      throw DtsCallException.permanent(
          DtsFailures.JOB_STATE_UNSAFE,
          "DeleteDtsJob for "
              + job
              + ": refusing to release a task that is not Finished ("
              + before.describe()
              + "); stop it first. [request id "
              + before.requestId()
              + "]",
          before.requestId());
    }
    DeleteDtsJobRequest request =
        new DeleteDtsJobRequest().setRegionId(job.regionId()).setDtsJobId(job.jobId());
    if (job.instanceId() != null) {
      request.setDtsInstanceId(job.instanceId());
    }
    try {
      DeleteDtsJobResponseBody body =
          observed(
              "DeleteDtsJob",
              () ->
                  call(
                      "DeleteDtsJob",
                      job,
                      client -> client.deleteDtsJobWithOptions(request, runtime()).getBody()));
      return new DtsCallResult("DeleteDtsJob", body == null ? null : body.getRequestId(), false);
    } catch (DtsCallException e) {
      if (DtsFailures.JOB_NOT_FOUND.equals(e.type())) {
        return new DtsCallResult("DeleteDtsJob", e.requestId(), true);
      }
      throw e;
    }
  }

  /**
   * One request to DTS (the SDK call and the check of its answer), reported to the observer under
   * its own action.
   */
  private <T> T observed(String action, java.util.function.Supplier<T> request) {
    T result;
    try {
      result = request.get();
    } catch (DtsCallException e) {
      observer.failed(action, e.type());
      throw e;
    } catch (RuntimeException e) {
      observer.failed(action, null);
      throw e;
    }
    observer.succeeded(action);
    return result;
  }

  /** One SDK call, its failures classified. */
  private interface SdkCall<T> {
    T on(Client client) throws Exception;
  }

  /**
   * One SDK call, with both of DTS's error channels made {@link DtsCallException}s: a call that
   * throws (an HTTP error, a timeout, an unreadable answer), and an answer whose body says {@code
   * Success=false}. Returns what {@code sdkCall} returned, {@code null} when DTS sent no body.
   */
  private <T extends TeaModel> T call(String action, JobRef job, SdkCall<T> sdkCall) {
    // The answer is checked while the call holds its permit: a throttle in the body slows the lane.
    return send(action, job, client -> checked(action, job, sdkCall.on(client)));
  }

  /** {@code answer}, unless its body says {@code Success=false}. */
  private <T extends TeaModel> T checked(String action, JobRef job, T answer) {
    if (answer != null) {
      Map<String, Object> fields = answer.toMap();
      if (Boolean.FALSE.equals(fields.get("Success"))) {
        throw errors.fromBody(
            action,
            job,
            text(fields.get("ErrCode")),
            text(fields.get("ErrMessage")),
            text(fields.get("DynamicMessage")),
            fields.get("HttpStatusCode") instanceof Number status ? status.intValue() : null,
            text(fields.get("RequestId")));
      }
    }
    return answer;
  }

  /** What {@code thrown} by one SDK call means, as a classified failure. */
  private DtsCallException classified(
      String action, JobRef job, String endpoint, Exception thrown) {
    if (thrown instanceof DelayReading.UnreadableDelay e) {
      return unreadable(action, job, e.getMessage(), e.requestId());
    }
    return errors.fromThrowable(
        action, job, endpoint, thrown, LastAnswer.status(), LastAnswer.answer());
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }

  /** A describe's body; no body at all is a transient failure. */
  private static <B> B required(String action, JobRef job, B body) {
    if (body == null) {
      throw DtsCallException.transientFailure(
          DtsFailures.TRANSIENT, action + " for " + job + ": empty answer", null);
    }
    return body;
  }

  /**
   * Sends one SDK call; a failure is classified. When DTS says the STS token expired, the
   * credentials are read again and, if they changed, the call is made once more with them: a
   * refused signature did nothing, so this is safe for every action.
   */
  private <T> T send(String action, JobRef job, SdkCall<T> sdkCall) {
    String endpoint = endpointFor(job.regionId());
    DtsRateLimiter limiter = limiterFor(job.regionId(), action);
    for (int attempt = 1; ; attempt++) {
      SignedClient signed = clients.computeIfAbsent(endpoint, this::newClient);
      try (DtsRateLimiter.Permit permit = acquire(limiter)) {
        LastAnswer.clear();
        try {
          return sdkCall.on(signed.client());
        } catch (Exception e) {
          DtsCallException failure = classified(action, job, endpoint, e);
          if (DtsFailures.THROTTLED.equals(failure.type())) {
            // Counted once, here, where the refused HTTP call was made, under its own action.
            permit.throttled();
            observer.throttled(action, job.regionId());
          }
          throw failure;
        }
      } catch (DtsCallException failure) {
        if (DtsFailures.CREDENTIALS_EXPIRED.equals(failure.type())
            && attempt == 1
            && refreshedSince(signed.credentials())) {
          log.info(
              "{} for {}: the STS token expired; retrying with re-read credentials", action, job);
          continue;
        }
        log.debug("{} for {} failed: {}", action, job, failure.getMessage());
        throw failure;
      }
    }
  }

  /**
   * The limiter every call of {@code action} to {@code regionId} with this access key waits at: one
   * per budget DTS documents ({@link DtsSettings#budgetOf}).
   */
  DtsRateLimiter limiterFor(String regionId, String action) {
    return limiters.limiterFor(
        settings.accessKeyId(),
        regionId,
        DtsSettings.budgetOf(action),
        settings.ratePerSecond(action));
  }

  /** The time {@code calls} pages take: a reading cycle is {@code DescribeDtsJobs} pages. */
  @Override
  public Duration timeFor(String regionId, int calls) {
    return limiterFor(regionId, "DescribeDtsJobs").timeFor(calls);
  }

  /**
   * The share of a budget held quiet windows may spend on their final calls: the rest is left for
   * preflights, the readings that confirm a lag bound, and other cutovers' retries.
   */
  static final double FINISH_SHARE = 0.75;

  /**
   * A finish makes one call in each of two budgets: the workflow's final reading ({@code
   * DescribeDtsJobDetail}) and {@code StopDtsJob}. The slower of the two, at the rate it allows now
   * (lower after throttled answers), sets the pace.
   */
  @Override
  public double finishesPerSecond(String regionId) {
    return Math.min(
            limiterFor(regionId, "DescribeDtsJobDetail").currentRate(),
            limiterFor(regionId, "StopDtsJob").currentRate())
        * FINISH_SHARE;
  }

  @Override
  public int finishCap() {
    return settings.finishCap();
  }

  /**
   * One region's {@code DescribeDtsJobDetail} budget, whatever the number of regions: cutovers
   * started together in one region are paced by it, and so their later steps are too; started
   * together over many regions they were not, and the burst of their first workflow tasks held back
   * the stops of cutovers already frozen.
   */
  @Override
  public double startsPerSecond() {
    return settings.ratePerSecond("DescribeDtsJobDetail");
  }

  private static DtsRateLimiter.Permit acquire(DtsRateLimiter limiter) {
    try {
      return limiter.acquire(DtsLane.current());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DtsCallException.transientFailure(
          DtsFailures.TRANSIENT, "interrupted while waiting for the DTS rate limit", null);
    }
  }

  /**
   * True when credentials newer than {@code used} are there: another call already re-read them, or
   * reading them again now gives different ones (then every cached client is dropped).
   */
  private synchronized boolean refreshedSince(DtsCredentials used) {
    if (!credentials.equals(used)) {
      return true;
    }
    DtsCredentials fresh;
    try {
      fresh = settings.currentCredentials();
    } catch (DtsCallException unreadable) {
      log.warn(
          "the STS token expired and the credentials could not be re-read: {}",
          unreadable.getMessage());
      return false;
    }
    if (fresh.equals(credentials)) {
      return false;
    }
    errors.addSecrets(Arrays.asList(fresh.accessKeySecret(), fresh.securityToken()));
    credentials = fresh;
    clients.clear();
    return true;
  }

  /** A retryable {@link DtsFailures#UNREADABLE} failure: never a low or zero reading. */
  private DtsCallException unreadable(String action, JobRef job, String problem, String requestId) {
    DtsCallException failure =
        DtsCallException.transientFailure(
            DtsFailures.UNREADABLE,
            errors.scrub(
                action
                    + " for "
                    + job
                    + ": DTS answered a reading that cannot be true, so it is unreadable, not"
                    + " low: "
                    + problem
                    + " [request id "
                    + (requestId == null ? "none" : requestId)
                    + "]"),
            requestId);
    log.debug("{}", failure.getMessage());
    return failure;
  }

  /**
   * The SDK client, checking each raw answer's {@code Delay} before the SDK's lenient mapping turns
   * garbage into a number (see {@link DelayReading}).
   */
  private static final class CheckedClient extends Client {
    /** The SDK keeps one interceptor chain for the JVM: the status recorder joins it once. */
    private static final AtomicBoolean STATUS_RECORDED = new AtomicBoolean();

    CheckedClient(Config config) throws Exception {
      super(config);
      if (STATUS_RECORDED.compareAndSet(false, true)) {
        addResponseInterceptor(new LastAnswer());
      }
    }

    @Override
    public Map<String, ?> callApi(Params params, OpenApiRequest request, RuntimeOptions runtime)
        throws Exception {
      Map<String, ?> answer = super.callApi(params, request, runtime);
      LastAnswer.answer(answer);
      return DelayReading.check(answer);
    }
  }

  private SignedClient newClient(String endpoint) {
    DtsCredentials signing = credentials;
    int schemeEnd = endpoint.indexOf("://");
    Config config =
        new Config()
            .setAccessKeyId(signing.accessKeyId())
            .setAccessKeySecret(signing.accessKeySecret())
            .setProtocol(endpoint.substring(0, schemeEnd))
            .setEndpoint(endpoint.substring(schemeEnd + 3))
            .setConnectTimeout((int) settings.connectTimeout().toMillis())
            .setReadTimeout((int) settings.readTimeout().toMillis())
            .setUserAgent("dts-cutover");
    if (signing.securityToken() != null) {
      config.setSecurityToken(signing.securityToken());
    }
    try {
      return new SignedClient(new CheckedClient(config), signing);
    } catch (Exception e) {
      throw DtsCallException.permanent(
          DtsFailures.CONFIGURATION,
          errors.scrub("cannot create the DTS client for " + endpoint + ": " + e.getMessage()),
          null);
    }
  }

  /** Every call verifies TLS and bounds its time; the SDK makes one attempt, Temporal retries. */
  private RuntimeOptions runtime() {
    return new RuntimeOptions()
        .setIgnoreSSL(false)
        .setAutoretry(false)
        .setConnectTimeout((int) settings.connectTimeout().toMillis())
        .setReadTimeout((int) settings.readTimeout().toMillis());
  }
}
