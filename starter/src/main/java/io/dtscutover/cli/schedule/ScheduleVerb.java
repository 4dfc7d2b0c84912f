package io.dtscutover.cli.schedule;

import io.dtscutover.cli.CliEnvironment;
import io.dtscutover.cli.CliVerb;
import io.dtscutover.cli.ConnectionOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import java.util.function.Consumer;
import java.util.function.Function;
import picocli.CommandLine.Mixin;

/**
 * What the {@code cutover schedule} verbs share: the Temporal connection, a {@link ScheduleClient}
 * on it, and {@link ScheduleFailures} for whatever the server answers.
 */
abstract class ScheduleVerb extends CliVerb {
  @Mixin ConnectionOptions connection;

  ScheduleVerb(CliEnvironment environment) {
    super(environment);
  }

  /** Checks a schedule id, so a typo fails before anything is contacted. */
  static String requireId(String id) {
    return CutoverSchedules.requireId(id);
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
    return CutoverSchedules.withClient(connection, environment, id, action);
  }
}
