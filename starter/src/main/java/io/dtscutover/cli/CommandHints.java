package io.dtscutover.cli;

import io.dtscutover.approval.Gate;

/**
 * The exact commands printed as next steps ("approve it with ..."). They name the program the way
 * the user ran it ({@code CUTOVER_PROG}, set by the {@code ./cutover} launcher) and repeat the
 * connection flags the user passed, so they can be copied and run as they are.
 */
public record CommandHints(String program, String cutover, String connection) {

  /** Hints for the cutover named by {@code cutoverFlags}. */
  public static CommandHints of(
      CliEnvironment environment, String cutoverFlags, ConnectionOptions connection) {
    String program = environment.get("CUTOVER_PROG");
    return new CommandHints(
        program == null ? "cutover" : program, cutoverFlags, connectionFlags(connection));
  }

  private static String connectionFlags(ConnectionOptions options) {
    StringBuilder flags = new StringBuilder();
    if (options.address != null) {
      flags.append(" --address ").append(options.address);
    }
    if (options.namespace != null) {
      flags.append(" --namespace ").append(options.namespace);
    }
    if (options.profile != null) {
      flags.append(" --profile ").append(options.profile);
    }
    return flags.toString();
  }

  /** {@code <program> <verb> <cutover> <connection> <extra>}. */
  public String command(String verb, String extra) {
    return program + " " + verb + " " + cutover + connection + (extra.isEmpty() ? "" : " " + extra);
  }

  public String watch() {
    return command("watch", "");
  }

  public String approve(Gate gate) {
    return command("approve", "--gate " + gate.cliName() + " --as YOUR_NAME");
  }

  public String reject(Gate gate) {
    return command("reject", "--gate " + gate.cliName() + " --as YOUR_NAME --reason TEXT");
  }

  public String confirmFreeze() {
    return command("confirm-freeze", "--as YOUR_NAME");
  }

  public String report() {
    return command("report", "");
  }

  public String abort() {
    return command("abort", "--as YOUR_NAME --reason TEXT");
  }
}
