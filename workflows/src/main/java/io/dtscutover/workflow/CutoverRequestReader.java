package io.dtscutover.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.dtscutover.approval.ApprovalPolicy;
import io.dtscutover.approval.Gate;
import io.dtscutover.dts.VerificationMode;
import io.dtscutover.freeze.FreezeStrategy;
import io.dtscutover.proof.ProofMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads a {@link CutoverRequest} from JSON written by any client. It never throws: a field that is
 * missing gets its default, a field that cannot be read becomes a {@link RequestProblem} naming the
 * field and the accepted values, so that one bad field ends the workflow in its first task with
 * {@link CutoverFailures#INVALID_REQUEST} instead of failing that task forever.
 */
final class CutoverRequestReader {
  /** Every field of the request, in the order of the contract. */
  static final List<String> FIELDS =
      List.of(
          "jobId",
          "regionId",
          "instanceId",
          "freezeStrategy",
          "freezeTarget",
          "proof",
          "proofSource",
          "proofDestination",
          "maxLagBeforeFreeze",
          "quietWindow",
          "pollInterval",
          "catchUpTimeout",
          "waitForIncrementalTimeout",
          "maxFreeze",
          "approval",
          "deleteAfterStop",
          "allowPaused",
          "allowFailed",
          "requireVerification",
          "unfreezeAfterStop",
          "dryRun",
          "notBefore",
          "notAfter",
          "requestedBy",
          "waveId");

  /** Every field of the request's {@code approval} object. */
  static final List<String> APPROVAL_FIELDS =
      List.of(
          "requireApproval",
          "approvers",
          "twoPerson",
          "gateDeadline",
          "gateDeadlines",
          "autoApprove");

  private final List<RequestProblem> problems = new ArrayList<>();

  private CutoverRequestReader() {}

  static CutoverRequest read(JsonNode json) {
    return new CutoverRequestReader().request(json);
  }

  private CutoverRequest request(JsonNode json) {
    if (json == null || !json.isObject()) {
      problems.add(
          new RequestProblem(
              "request", "must be a JSON object like {\"jobId\":..., \"regionId\":..., ...}"));
      return CutoverRequest.builder(null, null).decodeProblems(problems).build();
    }
    unknownFields(json, FIELDS, "");
    CutoverRequest.Builder builder =
        CutoverRequest.builder(text(json, "jobId"), text(json, "regionId"));
    builder.instanceId(text(json, "instanceId"));
    CutoverRequest defaults = CutoverRequest.builder(null, null).build();
    FreezeStrategy strategy =
        value(
            json,
            "freezeStrategy",
            FreezeStrategy::fromCliName,
            "one of " + FreezeStrategy.names(),
            defaults.freezeStrategy());
    builder.freeze(strategy, text(json, "freezeTarget"));
    ProofMode proof =
        value(
            json, "proof", ProofMode::fromCliName, "one of " + ProofMode.names(), defaults.proof());
    builder.proof(proof, text(json, "proofSource"), text(json, "proofDestination"));
    duration(json, "maxLagBeforeFreeze", builder::maxLagBeforeFreeze);
    duration(json, "quietWindow", builder::quietWindow);
    duration(json, "pollInterval", builder::pollInterval);
    duration(json, "catchUpTimeout", builder::catchUpTimeout);
    duration(json, "waitForIncrementalTimeout", builder::waitForIncrementalTimeout);
    duration(json, "maxFreeze", builder::maxFreeze);
    builder.approval(approval(json.get("approval"), defaults.approval()));
    bool(json, "deleteAfterStop", builder::deleteAfterStop);
    bool(json, "allowPaused", builder::allowPaused);
    bool(json, "allowFailed", builder::allowFailed);
    builder.requireVerification(
        value(
            json,
            "requireVerification",
            VerificationMode::fromCliName,
            "one of " + VerificationMode.names() + ", or null for none",
            null));
    bool(json, "unfreezeAfterStop", builder::unfreezeAfterStop);
    bool(json, "dryRun", builder::dryRun);
    builder.window(instant(json, "notBefore"), instant(json, "notAfter"));
    builder.requestedBy(text(json, "requestedBy"));
    builder.waveId(text(json, "waveId"));
    return builder.decodeProblems(problems).build();
  }

  private ApprovalPolicy approval(JsonNode json, ApprovalPolicy defaults) {
    if (absent(json)) {
      return defaults;
    }
    if (!json.isObject()) {
      problems.add(
          new RequestProblem(
              "approval", "must be an object with fields " + String.join(", ", APPROVAL_FIELDS)));
      return defaults;
    }
    unknownFields(json, APPROVAL_FIELDS, "approval.");
    Set<Gate> required = gates(json, "requireApproval", defaults.requireApproval());
    List<String> approvers = defaults.approvers();
    JsonNode names = json.get("approvers");
    if (!absent(names)) {
      if (names.isArray()) {
        approvers = new ArrayList<>();
        for (JsonNode name : names) {
          approvers.add(name.isTextual() ? name.asText() : name.toString());
        }
      } else {
        problems.add(new RequestProblem("approval.approvers", "must be a list of names"));
      }
    }
    boolean[] twoPerson = {defaults.twoPerson()};
    bool(json, "twoPerson", value -> twoPerson[0] = value, "approval.");
    Duration[] deadline = {defaults.gateDeadline()};
    duration(json, "gateDeadline", value -> deadline[0] = value, "approval.");
    Map<Gate, Duration> deadlines = defaults.gateDeadlines();
    JsonNode perGate = json.get("gateDeadlines");
    if (!absent(perGate)) {
      if (perGate.isObject()) {
        deadlines = new EnumMap<>(Gate.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = perGate.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = it.next();
          String field = "approval.gateDeadlines." + entry.getKey();
          try {
            Gate gate = Gate.fromCliName(entry.getKey());
            Duration value = parseDuration(field, entry.getValue());
            if (value != null) {
              deadlines.put(gate, value);
            }
          } catch (IllegalArgumentException e) {
            problems.add(new RequestProblem(field, "not a gate: use one of " + Gate.names()));
          }
        }
      } else {
        problems.add(
            new RequestProblem(
                "approval.gateDeadlines", "must be an object like {\"stop\": \"30m\"}"));
      }
    }
    Set<Gate> auto = gates(json, "autoApprove", defaults.autoApprove());
    return new ApprovalPolicy(
        required, List.copyOf(approvers), twoPerson[0], deadline[0], Map.copyOf(deadlines), auto);
  }

  private Set<Gate> gates(JsonNode json, String field, Set<Gate> fallback) {
    JsonNode node = json.get(field);
    if (absent(node)) {
      return fallback;
    }
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
    } else {
      problems.add(
          new RequestProblem(
              "approval." + field, "must be a list of gates like [\"freeze\", \"stop\"]"));
      return fallback;
    }
    Set<Gate> gates = EnumSet.noneOf(Gate.class);
    for (JsonNode item : items) {
      try {
        gates.add(Gate.fromCliName(item.asText()));
      } catch (IllegalArgumentException e) {
        problems.add(
            new RequestProblem(
                "approval." + field, "unknown gate " + item + ": use gates from " + Gate.names()));
      }
    }
    return gates;
  }

  private void unknownFields(JsonNode json, List<String> known, String prefix) {
    for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        problems.add(
            new RequestProblem(
                prefix + name, "unknown field: the fields are " + String.join(", ", known)));
      }
    }
  }

  private String text(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      problems.add(new RequestProblem(field, "must be a string (got " + node + ")"));
      return null;
    }
    return node.asText();
  }

  private <T> T value(
      JsonNode json, String field, Function<String, T> parse, String accepted, T fallback) {
    JsonNode node = json.get(field);
    if (absent(node)) {
      return fallback;
    }
    try {
      if (node.isTextual()) {
        return parse.apply(node.asText());
      }
    } catch (IllegalArgumentException e) {
      // reported below with the accepted values
    }
    problems.add(new RequestProblem(field, "got " + node + ": use " + accepted));
    return fallback;
  }

  private void duration(JsonNode json, String field, Consumer<Duration> set) {
    duration(json, field, set, "");
  }

  private void duration(JsonNode json, String field, Consumer<Duration> set, String prefix) {
    JsonNode node = json.get(field);
    if (!absent(node)) {
      Duration value = parseDuration(prefix + field, node);
      if (value != null) {
        set.accept(value);
      }
    }
  }

  private Duration parseDuration(String field, JsonNode node) {
    if (node.isTextual()) {
      try {
        return WireDuration.parse(node.asText());
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    problems.add(
        new RequestProblem(field, "got " + node + ": not a duration, use " + WireDuration.FORMS));
    return null;
  }

  private void bool(JsonNode json, String field, Consumer<Boolean> set) {
    bool(json, field, set, "");
  }

  private void bool(JsonNode json, String field, Consumer<Boolean> set, String prefix) {
    JsonNode node = json.get(field);
    if (absent(node)) {
      return;
    }
    if (node.isBoolean()) {
      set.accept(node.asBoolean());
    } else {
      problems.add(new RequestProblem(prefix + field, "got " + node + ": use true or false"));
    }
  }

  private Instant instant(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (absent(node)) {
      return null;
    }
    if (node.isTextual()) {
      try {
        return WireTime.parse(node.asText());
      } catch (IllegalArgumentException e) {
        // reported below
      }
    }
    problems.add(
        new RequestProblem(
            field, "got " + node + ": not an ISO-8601 instant, use " + WireTime.FORMS));
    return null;
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }
}
