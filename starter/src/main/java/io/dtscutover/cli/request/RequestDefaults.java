package io.dtscutover.cli.request;

import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.cli.DurationConverter;
import io.dtscutover.workflow.CutoverRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The defaults of the request flags, read from the contract ({@link CutoverRequest#builder}), so
 * that the CLI, its help and a request sent by any other client get the same values: the CLI never
 * repeats them.
 */
public final class RequestDefaults implements IDefaultValueProvider {
  private static final CutoverRequest DEFAULTS = CutoverRequest.builder(null, null).build();

  @Override
  public String defaultValue(ArgSpec argument) {
    if (!(argument instanceof OptionSpec option)) {
      return null;
    }
    ApprovalPolicy approval = DEFAULTS.approval();
    return switch (option.longestName()) {
      case "--freeze" -> DEFAULTS.freezeStrategy().cliName();
      case "--proof" -> DEFAULTS.proof().cliName();
      case "--max-lag-before-freeze" -> text(DEFAULTS.maxLagBeforeFreeze());
      case "--quiet-window" -> text(DEFAULTS.quietWindow());
      case "--poll-interval" -> text(DEFAULTS.pollInterval());
      case "--catch-up-timeout" -> text(DEFAULTS.catchUpTimeout());
      case "--wait-for-incremental-timeout" -> text(DEFAULTS.waitForIncrementalTimeout());
      case "--max-freeze" -> text(DEFAULTS.maxFreeze());
      case "--gate-deadline" -> text(approval.gateDeadline());
      case "--require-approval" -> gates(approval.requireApproval());
      case "--auto-approve" -> gates(approval.autoApprove());
      default -> null;
    };
  }

  private static String text(Duration duration) {
    return DurationConverter.format(duration);
  }

  /** In the contract's order ({@code freeze,stop,delete}), or {@code none}. */
  private static String gates(Set<Gate> gates) {
    if (gates.isEmpty()) {
      return "none";
    }
    return Arrays.stream(Gate.values())
        .filter(gates::contains)
        .map(Gate::cliName)
        .collect(Collectors.joining(","));
  }
}
