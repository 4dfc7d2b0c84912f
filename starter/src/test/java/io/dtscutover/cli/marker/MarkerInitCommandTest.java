package io.dtscutover.cli.marker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dtscutover.cli.CliRun;
import io.dtscutover.cli.ExitCodes;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cutover marker init}: its refusals name what to configure. */
class MarkerInitCommandTest {
  @Test
  void anUnconfiguredTargetNamesTheVariablesToSet() {
    CliRun run = CliRun.run(Map.of(), "marker", "init", "--target", "orders-db");

    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("CUTOVER_TARGET_ORDERS_DB_JDBC_URL"), run.toString());
  }

  @Test
  void noTargetIsAUsageError() {
    CliRun run = CliRun.run(Map.of(), "marker", "init");

    assertEquals(ExitCodes.USAGE, run.exitCode(), run.toString());
    assertTrue(run.err().contains("--target"), run.toString());
  }
}
