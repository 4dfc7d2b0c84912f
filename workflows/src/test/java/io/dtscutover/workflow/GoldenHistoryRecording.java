package io.dtscutover.workflow;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Records the golden histories into {@code src/test/resources/golden}. Not part of the build (its
 * name is not a test's): run it on purpose, after a shape change that is behind {@code
 * Workflow.getVersion}, to add the new shape, as described in {@code docs/contributing.md}:
 *
 * <pre>mvn -pl workflows test -Dtest=GoldenHistoryRecording</pre>
 */
class GoldenHistoryRecording {
  private static final Path GOLDEN = Path.of("src/test/resources/golden");

  @RegisterExtension final TestWorkflowExtension testWorkflow = CutoverTestEnvironment.extension();

  @ParameterizedTest
  @EnumSource(GoldenShape.class)
  void record(GoldenShape shape, TestWorkflowEnvironment env, Worker worker, WorkflowClient client)
      throws IOException {
    List<String> ids = shape.drive(env, worker, client);
    assertFalse(ids.isEmpty(), shape + " recorded nothing");
    Files.createDirectories(GOLDEN);
    for (int i = 0; i < ids.size(); i++) {
      String json = client.fetchHistory(ids.get(i)).toJson(true);
      Files.writeString(GOLDEN.resolve(Path.of(shape.resource(i)).getFileName()), json + "\n");
    }
    // Replays need the workflow id: the freeze guard's child id is derived from it.
    Files.writeString(
        GOLDEN.resolve(Path.of(shape.idsResource()).getFileName()), String.join("\n", ids) + "\n");
  }
}
