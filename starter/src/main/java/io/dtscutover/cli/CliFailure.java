package io.dtscutover.cli;

/**
 * A failure the CLI reports as one line and an exit code, without a stack trace (unless {@code
 * --verbose}). The message says what is wrong and how to fix it.
 */
public class CliFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final boolean multiLine;

  public CliFailure(int exitCode, String message) {
    this(exitCode, message, null);
  }

  public CliFailure(int exitCode, String message, Throwable cause) {
    this(exitCode, message, cause, false);
  }

  private CliFailure(int exitCode, String message, Throwable cause, boolean multiLine) {
    super(message, cause);
    this.exitCode = exitCode;
    this.multiLine = multiLine;
  }

  /**
   * A failure whose message we wrote over several lines (commands to run), none of them from input.
   * Every other message is printed on one line, its control characters escaped.
   */
  public static CliFailure multiLine(int exitCode, String message, Throwable cause) {
    return new CliFailure(exitCode, message, cause, true);
  }

  /** True for {@link #multiLine} failures. */
  boolean isMultiLine() {
    return multiLine;
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
