package io.dtscutover.cli;

import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleHandle;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;

/**
 * What the {@code cutover schedule} verbs share: the Temporal connection, a {@link ScheduleClient}
 * on it, and {@link ScheduleFailures} for whatever the server answers.
 */
abstract class ScheduleVerb extends CutoverCommand {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");

  @Mixin ConnectionOptions connection;

  ScheduleVerb(CliEnvironment environment) {
    super(environment);
  }

  /** Checks a schedule id, so a typo fails before anything is contacted. */
  static String requireId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw CliFailure.usage(
          "--id must be letters, digits, '-', '_' or '.', like orders-cutover (got " + id + ")");
    }
    return id;
  }

  /** Runs {@code action} on the handle of schedule {@code id}. */
  void onSchedule(String id, Consumer<ScheduleHandle> action) {
    withSchedules(
        id,
        schedules -> {
          action.accept(schedules.getHandle(id));
          return null;
        });
  }

  /** Runs {@code action} with a schedule client on the connected namespace. */
  <T> T withSchedules(String id, Function<ScheduleClient, T> action) {
    try (TemporalConnection temporal = connection.connect(environment)) {
      ScheduleClient schedules =
          ScheduleClient.newInstance(
              temporal.stubs(),
              ScheduleClientOptions.newBuilder()
                  .setNamespace(temporal.namespace())
                  .setDataConverter(temporal.client().getOptions().getDataConverter())
                  .build());
      try {
        return action.apply(schedules);
      } catch (RuntimeException e) {
        throw ScheduleFailures.translate(e, id);
      }
    }
  }
}
