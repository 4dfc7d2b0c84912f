package io.dtscutover.worker.dts;

import io.dtscutover.dts.JobRef;
import io.dtscutover.simulator.DtsSimulator;
import io.dtscutover.simulator.ManualClock;
import io.dtscutover.simulator.Scenario;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A simulator on loopback with a manual clock, plus the environment a worker would have to reach
 * it: the real SDK adapter under test talks to it over HTTP.
 */
final class SimulatedDts implements AutoCloseable {
  static final String ACCESS_KEY_ID = "test-access-key";
  static final String SECRET = "test-secret-value-0123456789";
  static final String REGION = "cn-hangzhou";

  final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final DtsSimulator simulator;

  SimulatedDts(Scenario scenario) {
    this.simulator = DtsSimulator.builder(scenario).clock(clock).start();
  }

  /** The worker environment pointing at this simulator with the right credentials. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put(DtsSettings.ACCESS_KEY_ID, ACCESS_KEY_ID);
    env.put(DtsSettings.ACCESS_KEY_SECRET, SECRET);
    env.put(DtsSettings.ENDPOINT, simulator.baseUrl());
    env.put(DtsSettings.DESCRIBE_RATE, "1000");
    return env;
  }

  /** An adapter on the real SDK, with its own rate-limiter registry so tests do not share one. */
  AlibabaDtsClient client() {
    return client(env());
  }

  AlibabaDtsClient client(Map<String, String> env) {
    return new AlibabaDtsClient(
        DtsSettings.fromEnvironment(env), new SharedRateLimiters(RateClock.system()), clock);
  }

  static JobRef job(String jobId) {
    return JobRef.of(REGION, jobId);
  }

  @Override
  public void close() {
    simulator.close();
  }
}
