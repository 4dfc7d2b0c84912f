package io.dtscutover.worker.dts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aliyun.dts20200101.Client;
import com.aliyun.dts20200101.models.DescribeDtsJobDetailRequest;
import com.aliyun.dts20200101.models.DescribeDtsJobsRequest;
import com.aliyun.dts20200101.models.DescribeDtsJobsResponseBody;
import com.aliyun.dts20200101.models.StopDtsJobRequest;
import com.aliyun.dts20200101.models.StopDtsJobResponseBody;
import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.RuntimeOptions;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.JobSpec;
import io.dtscutover.simulator.Scenario;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Simulator actions and signature styles the adapter does not use, checked with the unmodified
 * Alibaba SDK: {@code DescribeDtsJobs} and the classic RPC (v2, HMAC-SHA1) signature.
 */
class SimulatorWithRawSdkTest {
  private DtsSimulator simulator;

  @AfterEach
  void stop() {
    simulator.close();
  }

  private Client client(String secret, String signatureAlgorithm) throws Exception {
    Config config =
        new Config()
            .setAccessKeyId("ak")
            .setAccessKeySecret(secret)
            .setProtocol("http")
            .setEndpoint("127.0.0.1:" + simulator.port());
    if (signatureAlgorithm != null) {
      config.setSignatureAlgorithm(signatureAlgorithm);
    }
    return new Client(config);
  }

  private static RuntimeOptions runtime() {
    return new RuntimeOptions().setIgnoreSSL(false).setConnectTimeout(5000).setReadTimeout(5000);
  }

  @Test
  void describeDtsJobsListsTheRegionsJobsWithFullDataStatus() throws Exception {
    simulator =
        DtsSimulator.start(
            Scenario.of(
                "ak",
                "secret",
                JobSpec.incremental("job1", "cn-hangzhou").withFullLoadMillis(60_000),
                JobSpec.incremental("job2", "cn-hangzhou").withStatus("Finished"),
                JobSpec.incremental("job3", "cn-beijing")),
            0);

    DescribeDtsJobsResponseBody body =
        client("secret", null)
            .describeDtsJobsWithOptions(
                new DescribeDtsJobsRequest().setRegionId("cn-hangzhou"), runtime())
            .getBody();

    assertTrue(body.getSuccess());
    assertEquals(2, body.getTotalRecordCount());
    List<String> ids = body.getDtsJobList().stream().map(j -> j.getDtsJobId()).toList();
    assertEquals(List.of("job1", "job2"), ids);
    assertEquals(
        "Migrating", body.getDtsJobList().get(0).getDataInitializationStatus().getStatus());
    assertEquals("Finished", body.getDtsJobList().get(1).getStatus());
  }

  @Test
  void classicRpcSignatureIsVerifiedToo() throws Exception {
    simulator =
        DtsSimulator.start(
            Scenario.of("ak", "secret", JobSpec.incremental("job1", "cn-hangzhou")), 0);
    DescribeDtsJobDetailRequest request =
        new DescribeDtsJobDetailRequest().setRegionId("cn-hangzhou").setDtsJobId("job1");

    String status =
        client("secret", "v2")
            .describeDtsJobDetailWithOptions(request, runtime())
            .getBody()
            .getStatus();
    assertEquals("Migrating", status);

    TeaException refused =
        assertThrows(
            TeaException.class,
            () -> client("wrong", "v2").describeDtsJobDetailWithOptions(request, runtime()));
    assertEquals("SignatureDoesNotMatch", refused.getCode());
    assertFalse(simulator.calls().get(1).ok());
  }

  @Test
  void aRepeatedStopWhileTheTaskIsStoppingOrFinishedIsRefusedAsDtsWould() throws Exception {
    simulator =
        DtsSimulator.start(
            Scenario.of(
                "ak",
                "secret",
                JobSpec.incremental("job1", "cn-hangzhou")
                    .withStopDelayMillis(60_000)
                    .withStoppingStatus("Stopping")),
            0);
    Client client = client("secret", null);
    StopDtsJobRequest stop = new StopDtsJobRequest().setRegionId("cn-hangzhou").setDtsJobId("job1");

    assertTrue(client.stopDtsJobWithOptions(stop, runtime()).getBody().getSuccess());
    assertEquals("Stopping", simulator.status("job1"));
    StopDtsJobResponseBody again = client.stopDtsJobWithOptions(stop, runtime()).getBody();

    assertFalse(again.getSuccess());
    assertEquals("OperationDenied.JobStatus", again.getErrCode());
    assertTrue(again.getDynamicMessage().contains("Stopping"), again.getDynamicMessage());
  }
}
