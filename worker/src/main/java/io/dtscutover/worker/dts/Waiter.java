package io.dtscutover.worker.dts;

import io.dtscutover.dts.AwaitProgress;
import io.dtscutover.dts.AwaitRequest;
import io.dtscutover.dts.AwaitResult;
import io.temporal.activity.ActivityInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One await activity handed to a {@link RegionReader}: its request, its hold (resumed from the last
 * heartbeat of an earlier attempt), and what the reader needs to heartbeat and complete it. Only
 * the reader's thread touches the hold; {@link #progress} is what the reply threads send.
 */
final class Waiter {
  /** At most this often a heartbeat is sent for a changed hold (status and watch see it). */
  static final Duration CHANGE_HEARTBEAT = Duration.ofSeconds(5);

  final AwaitRequest request;
  final DtsActivitiesImpl.Hold hold;
  final byte[] taskToken;

  /** The result its held window would end with now; set by the reader while it queues. */
  AwaitResult held;

  private final Duration heartbeatEvery;
  private final Instant deadline;
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile AwaitProgress progress;
  private volatile boolean changed = true;
  private Instant lastHeartbeat;

  Waiter(
      AwaitRequest request,
      AwaitProgress resumed,
      ActivityInfo info,
      byte[] taskToken,
      Instant registeredAt) {
    this.request = request;
    this.hold = new DtsActivitiesImpl.Hold(resumed);
    this.taskToken = taskToken;
    Duration timeout = info.getHeartbeatTimeout();
    // Half the heartbeat timeout: one late heartbeat never times the wait out.
    this.heartbeatEvery =
        timeout == null || timeout.isZero() ? CHANGE_HEARTBEAT : timeout.dividedBy(2);
    Duration toClose = info.getScheduleToCloseTimeout();
    this.deadline =
        toClose == null || toClose.isZero()
            ? null
            : Instant.ofEpochMilli(info.getScheduledTimestamp()).plus(toClose);
    this.lastHeartbeat = registeredAt;
    this.progress = hold.progress();
  }

  /** Publishes the hold after the reader changed it. */
  void updated() {
    progress = hold.progress();
    changed = true;
  }

  AwaitProgress progress() {
    return progress;
  }

  /** Whether a heartbeat is due at {@code now}; marks it sent when it is. */
  synchronized boolean heartbeatDue(Instant now) {
    Duration since = Duration.between(lastHeartbeat, now);
    boolean due =
        since.compareTo(heartbeatEvery) >= 0 || (changed && since.compareTo(CHANGE_HEARTBEAT) >= 0);
    if (due) {
      lastHeartbeat = now;
      changed = false;
    }
    return due;
  }

  /** Past its schedule-to-close timeout: the server has timed it out. */
  boolean expired(Instant now) {
    return deadline != null && now.isAfter(deadline);
  }

  /** Claims the one completion of this wait; false when it is already completed or dropped. */
  boolean finish() {
    return done.compareAndSet(false, true);
  }

  boolean finished() {
    return done.get();
  }
}
