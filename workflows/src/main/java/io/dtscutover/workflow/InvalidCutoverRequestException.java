package io.dtscutover.workflow;

import java.util.List;
import java.util.stream.Collectors;

/** A {@link CutoverRequest} that must not start; lists every problem found. */
public class InvalidCutoverRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final List<RequestProblem> problems;

  public InvalidCutoverRequestException(List<RequestProblem> problems) {
    super(
        "invalid cutover request: "
            + problems.stream().map(RequestProblem::toString).collect(Collectors.joining("; ")));
    this.problems = List.copyOf(problems);
  }

  public List<RequestProblem> problems() {
    return problems;
  }
}
