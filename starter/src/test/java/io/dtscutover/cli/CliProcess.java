package io.dtscutover.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code cutover} command in a JVM of its own ({@link CutoverCli#main} on this test's classpath),
 * as a person runs it in another terminal: its output can be awaited, and {@link #kill} ends it the
 * way {@code kill -9} does, with no shutdown hook and no goodbye to the server.
 */
public final class CliProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private CliProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code cutover args...} with {@code env} added to this JVM's environment. */
  public static CliProcess start(Map<String, String> env, String... args) throws IOException {
    Path log = Files.createTempFile("cutover-" + args[0] + "-", ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    // As the test JVMs (the root pom's test.jvmArgs): C1 only, serial GC; half the CPU.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-cp");
    command.add(
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(CutoverCli.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    // A test JVM that ends early must not leave the command running behind it.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    return new CliProcess(process, log);
  }

  /** Waits (bounded) until the output contains {@code text}; fails if the process ends first. */
  public CliProcess awaitOutput(String text, Duration limit)
      throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    while (!Files.readString(log).contains(text)) {
      if (!process.isAlive()) {
        fail("ended before printing '" + text + "':\n" + Files.readString(log));
      }
      if (Instant.now().isAfter(deadline)) {
        fail("no '" + text + "' within " + limit + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    return this;
  }

  /** {@code kill -9}. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      fail("the process did not die");
    }
  }

  /** Kills the process if it still runs; an interrupt is passed on, not swallowed. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while killing the process", e);
      }
    }
  }
}
