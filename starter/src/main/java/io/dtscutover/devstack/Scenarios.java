package io.dtscutover.devstack;

import io.dtscutover.simulator.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a simulator scenario by what a user types: a bundled name ({@code demo}) or a JSON file.
 */
public final class Scenarios {
  /** The scenario {@code demo} and {@code dev --simulator demo} play. */
  public static final String DEMO = "demo";

  private Scenarios() {}

  /**
   * The bundled scenario {@code nameOrFile}, or the file at that path.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  public static Scenario load(String nameOrFile) {
    Path file = Path.of(nameOrFile);
    if (Files.isRegularFile(file)) {
      return Scenario.load(file);
    }
    if (nameOrFile.matches("[a-z0-9-]+")) {
      try {
        return Scenario.resource("scenarios/" + nameOrFile + ".json");
      } catch (IllegalArgumentException notBundled) {
        // fall through to the message that names both forms
      }
    }
    throw new IllegalArgumentException(
        "no scenario '"
            + nameOrFile
            + "': name a bundled one (demo) or a scenario JSON file that exists");
  }

  /** True for scenarios shipped in the jar, whose demo keys may be printed. */
  public static boolean bundled(String nameOrFile) {
    return !Files.isRegularFile(Path.of(nameOrFile));
  }
}
