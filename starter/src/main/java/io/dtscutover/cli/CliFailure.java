package io.dtscutover.cli;

/**
 * A failure the CLI reports as one line and an exit code, without a stack trace (unless {@code
 * --verbose}). The message says what is wrong and how to fix it.
 */
public class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** A usage or validation error: exit code 2. */
  public static CliFailure usage(String message) {
    return new CliFailure(ExitCodes.USAGE, message);
  }

  /** One of {@link ExitCodes}. */
  public int exitCode() {
    return exitCode;
  }
}
