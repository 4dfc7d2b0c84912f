package io.dtscutover.worker.compose;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout's root: the nearest directory above the test's one holding docker-compose.yml. */
final class RepositoryRoot {
  private RepositoryRoot() {}

  static Path find() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("docker-compose.yml")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
  }
}
