package io.dtscutover.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;

/**
 * A long-running command ({@code server}, {@code worker}, {@code dev}, ...) on its own thread, as
 * if in another terminal: its output can be read while it runs, and {@link #stop} plays Ctrl-C.
 */
public final class BackgroundCommand implements AutoCloseable {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ShutdownSignal shutdown = new ShutdownSignal();
  private final CompletableFuture<Integer> exitCode;

  private BackgroundCommand(Map<String, String> env, String... args) {
    CommandLine cli =
        CutoverCli.commandLine(
            new CliEnvironment(env, new BufferedReader(new StringReader("")), shutdown));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    exitCode = CompletableFuture.supplyAsync(() -> cli.execute(args));
  }

  public static BackgroundCommand start(Map<String, String> env, String... args) {
    return new BackgroundCommand(env, args);
  }

  /** Waits (bounded) until the output contains {@code text}; fails if the command ends first. */
  public BackgroundCommand awaitOutput(String text, Duration limit) throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    while (!out.toString().contains(text)) {
      if (exitCode.isDone()) {
        fail("ended before printing '" + text + "': exit " + exitCode.join() + "\n" + this);
      }
      if (Instant.now().isAfter(deadline)) {
        fail("no '" + text + "' within " + limit + ":\n" + this);
      }
      Thread.sleep(50);
    }
    return this;
  }

  /** Waits (bounded) until stderr contains {@code text}; fails if the command ends first. */
  public BackgroundCommand awaitError(String text, Duration limit) throws InterruptedException {
    Instant deadline = Instant.now().plus(limit);
    while (!err.toString().contains(text)) {
      if (exitCode.isDone()) {
        fail("ended before printing '" + text + "': exit " + exitCode.join() + "\n" + this);
      }
      if (Instant.now().isAfter(deadline)) {
        fail("no '" + text + "' within " + limit + ":\n" + this);
      }
      Thread.sleep(50);
    }
    return this;
  }

  /** Plays Ctrl-C and returns the exit code. */
  public int stop() throws InterruptedException, ExecutionException, TimeoutException {
    shutdown.fire();
    return exitCode.get(30, TimeUnit.SECONDS);
  }

  /** Stops the command if it still runs; an interrupt is passed on, not swallowed. */
  @Override
  public void close() throws ExecutionException, TimeoutException {
    if (!exitCode.isDone()) {
      try {
        stop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while stopping the command", e);
      }
    }
  }

  @Override
  public String toString() {
    return "--- out\n" + out + "--- err\n" + err;
  }
}
