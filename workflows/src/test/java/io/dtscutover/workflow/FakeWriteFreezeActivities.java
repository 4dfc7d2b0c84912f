package io.dtscutover.workflow;

import io.dtscutover.freeze.FreezeFailures;
import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.WriteFreezeActivities;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/** A source database faked at the activity interface: tracks whether it is frozen. */
final class FakeWriteFreezeActivities implements WriteFreezeActivities {
  final List<String> calls = new CopyOnWriteArrayList<>();

  /** The baseline each verify compared against, in order. */
  final List<FreezeProof> verifyBaselines = new CopyOnWriteArrayList<>();

  volatile boolean frozen;
  private volatile boolean breachOnVerify;
  private volatile boolean freezeFails;
  private final AtomicInteger unfreezeFailuresLeft = new AtomicInteger();
  private final AtomicInteger verifies = new AtomicInteger();
  private volatile int breachOnVerifyNumber;
  private volatile Hold freezeHold;
  private volatile Hold verifyHold;
  private volatile Hold unfreezeHold;

  /** Only the verify number {@code n} (from 1) finds a breach. */
  FakeWriteFreezeActivities breachOnVerifyNumber(int n) {
    breachOnVerifyNumber = n;
    return this;
  }

  /** The freeze waits in {@code hold}, then applies. */
  FakeWriteFreezeActivities freezeHeld(Hold hold) {
    freezeHold = hold;
    return this;
  }

  FakeWriteFreezeActivities verifyHeld(Hold hold) {
    verifyHold = hold;
    return this;
  }

  /** The first unfreeze waits in {@code hold}, then fails retryably; later ones succeed. */
  FakeWriteFreezeActivities firstUnfreezeHeldThenFails(Hold hold) {
    unfreezeHold = hold;
    return this;
  }

  private volatile boolean freezeKeepsRetrying;

  /** Counted down when a freeze has started changing the source. */
  final CountDownLatch freezeStarted = new CountDownLatch(1);

  FakeWriteFreezeActivities breachOnVerify() {
    breachOnVerify = true;
    return this;
  }

  /** The freeze half-applies and then fails. */
  FakeWriteFreezeActivities freezeFails() {
    freezeFails = true;
    return this;
  }

  FakeWriteFreezeActivities unfreezeFailsFirst(int times) {
    unfreezeFailuresLeft.set(times);
    return this;
  }

  /**
   * The freeze changes the source, then fails retryably with a long retry delay: the cutover stays
   * inside the freeze activity call (a timer the test server can skip, unlike a blocked activity).
   */
  FakeWriteFreezeActivities freezeKeepsRetrying() {
    freezeKeepsRetrying = true;
    return this;
  }

  long count(String method) {
    return calls.stream().filter(call -> call.equals(method)).count();
  }

  @Override
  public FreezeReceipt prepare(FreezeSpec spec) {
    calls.add("prepare");
    return new FreezeReceipt(
        spec, Instant.EPOCH, Map.of("read_only", "OFF"), List.of(), List.of("app"));
  }

  @Override
  public FreezeProof freeze(FreezeReceipt receipt) {
    calls.add("freeze");
    if (freezeHold != null) {
      freezeHold.block();
    }
    frozen = true;
    freezeStarted.countDown();
    if (freezeKeepsRetrying) {
      throw ApplicationFailure.newBuilder()
          .setMessage("connection reset while freezing")
          .setType("java.net.SocketException")
          .setNextRetryDelay(java.time.Duration.ofMinutes(10))
          .build();
    }
    if (freezeFails) {
      throw ApplicationFailure.newNonRetryableFailure(
          "a write as app succeeded", FreezeFailures.NOT_HELD);
    }
    return new FreezeProof(Instant.EPOCH, Map.of("Com_insert", 10L), List.of("read_only=ON"));
  }

  @Override
  public FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline) {
    calls.add("verify");
    verifyBaselines.add(baseline);
    if (verifyHold != null) {
      verifyHold.block();
    }
    if (breachOnVerify || verifies.incrementAndGet() == breachOnVerifyNumber) {
      throw ApplicationFailure.newNonRetryableFailure(
          "Com_insert went from 10 to 12 while frozen", FreezeFailures.BREACHED);
    }
    return baseline;
  }

  @Override
  public void unfreeze(FreezeReceipt receipt) {
    calls.add("unfreeze");
    Hold hold = unfreezeHold;
    if (hold != null) {
      unfreezeHold = null;
      hold.block();
      throw ApplicationFailure.newFailure("connection reset", "java.net.SocketException");
    }
    if (unfreezeFailuresLeft.getAndDecrement() > 0) {
      throw ApplicationFailure.newFailure("connection refused", "java.net.ConnectException");
    }
    frozen = false;
  }
}
