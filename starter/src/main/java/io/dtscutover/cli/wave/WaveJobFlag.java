package io.dtscutover.cli.wave;

import io.dtscutover.cli.CliFailure;

/**
 * One {@code --job REGION/JOBID[=FREEZE_TARGET]}: the job, and the database its freeze acts on when
 * it is not the one {@code --freeze-target} names for every job.
 */
record WaveJobFlag(String region, String jobId, String freezeTarget) {

  static WaveJobFlag parse(String text) {
    String job = text;
    String target = null;
    int equals = text.indexOf('=');
    if (equals >= 0) {
      job = text.substring(0, equals);
      target = text.substring(equals + 1);
    }
    int slash = job.indexOf('/');
    if (slash <= 0 || slash == job.length() - 1 || (target != null && target.isBlank())) {
      throw CliFailure.usage(
          "--job "
              + text
              + ": write REGION/JOBID or REGION/JOBID=FREEZE_TARGET, like"
              + " cn-hangzhou/dtsabc123=orders-db");
    }
    return new WaveJobFlag(job.substring(0, slash), job.substring(slash + 1), target);
  }
}
