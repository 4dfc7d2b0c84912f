package io.dtscutover.worker.dts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.dts.DtsFailures;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DtsSettingsTest {
  private static Map<String, String> valid() {
    Map<String, String> env = new HashMap<>();
    env.put(DtsSettings.ACCESS_KEY_ID, "LTAI-example");
    env.put(DtsSettings.ACCESS_KEY_SECRET, "very-secret-value");
    return env;
  }

  @Test
  void defaults() {
    DtsSettings settings = DtsSettings.fromEnvironment(valid());

    assertNull(settings.endpoint());
    assertFalse(settings.delayInSeconds());
    assertEquals(20, settings.describeRatePerSecond());
    assertNull(settings.securityToken());
    assertEquals(Duration.ofSeconds(5), settings.connectTimeout());
    assertEquals(DtsSettings.DEFAULT_FINISH_CAP, settings.finishCap());
  }

  @Test
  void eachDocumentedActionHasItsOwnBudgetAndTheOthersShareOneConservatively() {
    DtsSettings settings = DtsSettings.fromEnvironment(valid());

    assertEquals(20, settings.ratePerSecond("DescribeDtsJobs"));
    assertEquals(40, settings.ratePerSecond("DescribeDtsJobDetail"));
    assertEquals(20, settings.ratePerSecond("StopDtsJob"));
    assertEquals(DtsSettings.OTHER_ACTIONS, DtsSettings.budgetOf("StopDtsJob"));
    assertEquals(DtsSettings.OTHER_ACTIONS, DtsSettings.budgetOf("DeleteDtsJob"));
    assertEquals(DtsSettings.OTHER_ACTIONS, DtsSettings.budgetOf("DescribeDataCheckTableDetails"));

    Map<String, String> halved = valid();
    halved.put(DtsSettings.DESCRIBE_RATE, "10");
    DtsSettings share = DtsSettings.fromEnvironment(halved);
    assertEquals(10, share.ratePerSecond("DescribeDtsJobs"), "DTS_DESCRIBE_RATE sets the pages'");
    assertEquals(20, share.ratePerSecond("DescribeDtsJobDetail"), "in the documented proportion");
    assertEquals(10, share.ratePerSecond("StopDtsJob"));
  }

  @Test
  void missingCredentialsAreNamed() {
    DtsCallException e =
        assertThrows(DtsCallException.class, () -> DtsSettings.fromEnvironment(Map.of()));

    assertEquals(DtsFailures.CONFIGURATION, e.type());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("ALIBABA_CLOUD_ACCESS_KEY_ID is not set"), e.getMessage());
    assertTrue(e.getMessage().contains("ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set"));
  }

  @Test
  void badValuesAreNamedWithTheFix() {
    Map<String, String> env = valid();
    env.put(DtsSettings.ENDPOINT, "dts.aliyuncs.com");
    env.put(DtsSettings.DELAY_UNIT, "minutes");
    env.put(DtsSettings.DESCRIBE_RATE, "-3");
    env.put(DtsSettings.READ_TIMEOUT, "soon");
    env.put(DtsSettings.FINISH_CAP, "0");

    DtsCallException e =
        assertThrows(DtsCallException.class, () -> DtsSettings.fromEnvironment(env));

    assertTrue(e.getMessage().contains("DTS_ENDPOINT must be a scheme and a host"), e.getMessage());
    assertTrue(e.getMessage().contains("DTS_DELAY_UNIT must be ms or s"));
    assertTrue(e.getMessage().contains("DTS_DESCRIBE_RATE must be a positive number"));
    assertTrue(e.getMessage().contains("DTS_READ_TIMEOUT_MS"));
    assertTrue(
        e.getMessage().contains("DTS_FINISH_CAP must be a whole number of cutovers of at least 1"),
        e.getMessage());
    assertFalse(e.getMessage().contains("very-secret-value"));
  }

  @Test
  void readsOverrides() {
    Map<String, String> env = valid();
    env.put(DtsSettings.ENDPOINT, "https://dts-vpc.cn-hangzhou.aliyuncs.com");
    env.put(DtsSettings.DELAY_UNIT, "s");
    env.put(DtsSettings.DESCRIBE_RATE, "7.5");
    env.put(DtsSettings.SECURITY_TOKEN, "sts-token");
    env.put(DtsSettings.FINISH_CAP, "40");

    DtsSettings settings = DtsSettings.fromEnvironment(env);
    assertEquals(40, settings.finishCap());

    assertEquals("dts-vpc.cn-hangzhou.aliyuncs.com", settings.endpoint().getHost());
    assertTrue(settings.delayInSeconds());
    assertEquals(7.5, settings.describeRatePerSecond());
    assertEquals("sts-token", settings.securityToken());
  }

  @Test
  void toStringHidesSecretAndToken() {
    Map<String, String> env = valid();
    env.put(DtsSettings.SECURITY_TOKEN, "sts-token-value");

    String text = DtsSettings.fromEnvironment(env).toString();

    assertFalse(text.contains("very-secret-value"));
    assertFalse(text.contains("sts-token-value"));
    assertTrue(text.contains("LTAI-example"));
  }

  @Test
  void endpointIsTheOverrideOrTheRegionsPublicOne() {
    AlibabaDtsClient publicClient = new AlibabaDtsClient(DtsSettings.fromEnvironment(valid()));
    assertEquals("https://dts.aliyuncs.com", publicClient.endpointFor("cn-hangzhou"));
    assertEquals(
        "https://dts.ap-northeast-1.aliyuncs.com", publicClient.endpointFor("ap-northeast-1"));

    Map<String, String> env = valid();
    env.put(DtsSettings.ENDPOINT, "http://127.0.0.1:18080");
    assertEquals(
        "http://127.0.0.1:18080",
        new AlibabaDtsClient(DtsSettings.fromEnvironment(env)).endpointFor("cn-hangzhou"));
  }

  @Test
  void credentialsComeFromTheCredentialsFileWhenOneIsNamed(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("dts.env");
    java.nio.file.Files.writeString(
        file,
        "# written by the token refresher\n"
            + "ALIBABA_CLOUD_ACCESS_KEY_ID=STS.id\n"
            + "export ALIBABA_CLOUD_ACCESS_KEY_SECRET=sts-secret\n"
            + "ALIBABA_CLOUD_SECURITY_TOKEN=token-1\n");

    DtsSettings settings =
        DtsSettings.fromEnvironment(Map.of(DtsSettings.CREDENTIALS_FILE, file.toString()));

    assertEquals("STS.id", settings.accessKeyId());
    assertEquals("token-1", settings.securityToken());
    assertFalse(settings.toString().contains("sts-secret"));
    assertFalse(settings.toString().contains("token-1"));
    java.nio.file.Files.writeString(
        file,
        "ALIBABA_CLOUD_ACCESS_KEY_ID=STS.id2\nALIBABA_CLOUD_ACCESS_KEY_SECRET=s2\n"
            + "ALIBABA_CLOUD_SECURITY_TOKEN=token-2\n");
    assertEquals("token-2", settings.currentCredentials().securityToken(), "re-read");
  }

  @Test
  void aMissingCredentialsFileIsNamedWithoutContent(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    String missing = dir.resolve("nope.env").toString();

    DtsCallException e =
        assertThrows(
            DtsCallException.class,
            () -> DtsSettings.fromEnvironment(Map.of(DtsSettings.CREDENTIALS_FILE, missing)));

    assertEquals(DtsFailures.CONFIGURATION, e.type());
    assertTrue(e.getMessage().contains(missing), e.getMessage());
  }

  @Test
  void anEndpointWithUserInfoIsRefusedWithoutEchoingThePassword() {
    Map<String, String> env = new HashMap<>();
    env.put(DtsSettings.ACCESS_KEY_ID, "id");
    env.put(DtsSettings.ACCESS_KEY_SECRET, "secret");
    env.put(DtsSettings.ENDPOINT, "https://admin:hunter2@dts.example.com");

    DtsCallException e =
        assertThrows(DtsCallException.class, () -> DtsSettings.fromEnvironment(env));

    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertFalse(e.getMessage().contains("admin"), e.getMessage());
    assertTrue(e.getMessage().contains("\"https://***@dts.example.com\""), e.getMessage());
  }
}
