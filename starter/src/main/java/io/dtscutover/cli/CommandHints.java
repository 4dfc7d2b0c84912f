package io.dtscutover.cli;

import io.dtscutover.approval.Gate;

/**
 * The exact commands printed as next steps ("approve it with ..."). They name the program the way
 * the user ran it ({@code CUTOVER_PROG}, set by the {@code ./cutover} launcher) and repeat the
 * connection flags the user passed, so they can be copied and run as they are.
 *
 * <p>Once the run being shown is known ({@link #forRun}), the decisions ({@code approve}, {@code
 * reject}, {@code confirm-freeze}) carry {@code --run-id}: a command copied from the screen decides
 * for the run the person looked at, and is refused if that run has ended, instead of passing the
 * gate of a newer run of the same cutover that nobody has looked at yet.
 *
 * @param runId the run the decisions are for, or null to let them act on the run that holds the
 *     workflow id when they are sent
 */
public record CommandHints(String program, String cutover, String runId, String connection) {

  /** Hints for the cutover named by {@code cutoverFlags}, not yet tied to one run. */
  public static CommandHints of(
      CliEnvironment environment, String cutoverFlags, ConnectionOptions connection) {
    String program = environment.get("CUTOVER_PROG");
    return new CommandHints(
        program == null ? "cutover" : program, cutoverFlags, null, connectionFlags(connection));
  }

  /** The same hints, with every decision pinned to run {@code runId}. */
  public CommandHints forRun(String runId) {
    return new CommandHints(program, cutover, runId, connection);
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
  private String command(String verb, String extra) {
    return program + " " + verb + " " + cutover + connection + (extra.isEmpty() ? "" : " " + extra);
  }

  /** A decision: {@code <program> <verb> <cutover> [--run-id RUN] <connection> <extra>}. */
  private String decision(String verb, String extra) {
    return command(verb, runId == null ? extra : "--run-id " + runId + " " + extra);
  }

  public String watch() {
    return command("watch", "");
  }

  public String approve(Gate gate) {
    return decision("approve", "--gate " + gate.cliName() + " --as YOUR_NAME");
  }

  public String reject(Gate gate) {
    return decision("reject", "--gate " + gate.cliName() + " --as YOUR_NAME --reason TEXT");
  }

  public String confirmFreeze() {
    return decision("confirm-freeze", "--as YOUR_NAME");
  }

  public String report() {
    return command("report", "");
  }
}
