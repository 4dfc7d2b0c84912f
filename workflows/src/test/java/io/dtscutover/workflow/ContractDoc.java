package io.dtscutover.workflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code temporal} CLI commands of {@code docs/temporal-contract.md}'s whole-cutover section,
 * in order, so a test can send exactly what the doc tells people to send.
 */
final class ContractDoc {
  /** One {@code temporal workflow ...} command: its verb and its flags that matter here. */
  record Command(String verb, String workflowId, String taskQueue, String name, String input) {}

  private static final Path DOC = Path.of("..", "docs", "temporal-contract.md");
  private static final String SECTION = "## A whole cutover with the `temporal` CLI alone";

  private ContractDoc() {}

  static List<Command> wholeCutover() {
    String doc;
    try {
      doc = Files.readString(DOC);
    } catch (IOException e) {
      throw new UncheckedIOException("the contract doc must exist: " + DOC.toAbsolutePath(), e);
    }
    int start = doc.indexOf(SECTION);
    if (start < 0) {
      throw new IllegalStateException("no section '" + SECTION + "' in " + DOC);
    }
    String section = doc.substring(start).replace("\\\n", " ");
    List<Command> commands = new ArrayList<>();
    for (String line : section.split("\n")) {
      if (line.startsWith("temporal workflow ")) {
        commands.add(
            new Command(
                line.split("\\s+")[2],
                flag(line, "--workflow-id"),
                flag(line, "--task-queue"),
                line.contains("--name") ? flag(line, "--name") : flag(line, "--type"),
                quoted(line)));
      }
    }
    return commands;
  }

  private static String flag(String line, String name) {
    Matcher matcher = Pattern.compile(Pattern.quote(name) + "\\s+(\\S+)").matcher(line);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static String quoted(String line) {
    Matcher matcher = Pattern.compile("--input\\s+'([^']*)'").matcher(line);
    return matcher.find() ? matcher.group(1) : null;
  }
}
