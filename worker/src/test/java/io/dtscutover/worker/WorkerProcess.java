package io.dtscutover.worker;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link WorkerProcessMain} in another JVM, on this test's classpath: started, waited for, and
 * killed the way {@code kill -9} kills it (no shutdown hook, no goodbye to the server).
 */
final class WorkerProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts a worker with {@code env} added to this JVM's environment; waits until it polls. */
  static WorkerProcess start(Map<String, String> env, String name, Duration limit)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("worker-" + name + "-", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // As the test JVMs (the root pom's test.jvmArgs): C1 only, serial GC; half the CPU.
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-cp",
                    classpath,
                    WorkerProcessMain.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    // A test JVM that ends early must not leave a worker polling behind it.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    WorkerProcess worker = new WorkerProcess(process, log);
    worker.awaitReady(limit);
    return worker;
  }

  private void awaitReady(Duration limit) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    while (!Files.readString(log).contains(WorkerProcessMain.READY)) {
      if (!process.isAlive()) {
        fail("the worker process ended before polling:\n" + Files.readString(log));
      }
      if (Instant.now().isAfter(deadline)) {
        fail("the worker process did not poll within " + limit + ":\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  /** {@code kill -9}: the process dies at once, mid-task, leaving its tasks to time out. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      fail("the worker process did not die");
    }
  }

  /**
   * {@code kill -STOP}: the process freezes mid-task, its connections open, until {@link #resume}.
   */
  void pause() throws IOException, InterruptedException {
    signal("-STOP");
  }

  /** {@code kill -CONT}: a paused process runs on. */
  void resume() throws IOException, InterruptedException {
    signal("-CONT");
  }

  private void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", signal, String.valueOf(process.pid())).start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      fail("kill " + signal + " " + process.pid() + " failed");
    }
  }

  /** What the process printed. */
  String output() throws IOException {
    return Files.readString(log);
  }

  /** Kills the process if it still runs; an interrupt is passed on, not swallowed. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        resume(); // a paused process cannot be waited for otherwise
      } catch (IOException e) {
        // kill -9 below ends it anyway
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        kill();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while killing the worker process", e);
      }
    }
  }
}
