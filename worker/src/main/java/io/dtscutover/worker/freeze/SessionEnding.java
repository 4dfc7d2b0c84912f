package io.dtscutover.worker.freeze;

import io.dtscutover.freeze.FreezeFailures;
import io.temporal.failure.ApplicationFailure;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Ends the application sessions and waits until they are gone, the same way on every database: end
 * what is there, look again, until none is left or {@link #TIMEOUT} has passed. The databases
 * differ only in how sessions are listed and ended.
 */
final class SessionEnding {
  /** How long ended sessions may take to go away before the freeze is declared not held. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private SessionEnding() {}

  /** A statement on the admin connection. */
  interface Sql<T> {
    T run() throws SQLException;
  }

  /** Ends the sessions given. */
  interface End<T> {
    void end(List<T> sessions) throws SQLException;
  }

  /**
   * Ends every session {@code sessions} lists, with {@code end}, until none is left.
   *
   * @param accounts the accounts or roles whose sessions end, for the error message
   * @param how how sessions are ended ({@code KILL CONNECTION}), for the error message
   * @return how many sessions were ended
   * @throws ApplicationFailure {@link FreezeFailures#NOT_HELD} when sessions remain after {@link
   *     #TIMEOUT}
   */
  static <T> int endAll(
      Sql<List<T>> sessions, End<T> end, List<String> accounts, String targetName, String how)
      throws SQLException {
    List<T> ended = sessions.run();
    Instant deadline = Instant.now().plus(TIMEOUT);
    List<T> remaining = ended;
    while (!remaining.isEmpty()) {
      end.end(remaining);
      remaining = sessions.run();
      if (!remaining.isEmpty() && Instant.now().isAfter(deadline)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "application sessions "
                + remaining
                + " of "
                + accounts
                + " on freeze target '"
                + targetName
                + "' did not end within "
                + TIMEOUT.toSeconds()
                + "s of "
                + how,
            FreezeFailures.NOT_HELD);
      }
      pause();
    }
    return ended.size();
  }

  private static void pause() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for sessions to end", e);
    }
  }
}
