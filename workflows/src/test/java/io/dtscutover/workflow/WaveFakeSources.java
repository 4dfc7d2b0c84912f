package io.dtscutover.workflow;

import io.dtscutover.freeze.FreezeProof;
import io.dtscutover.freeze.FreezeReceipt;
import io.dtscutover.freeze.FreezeSpec;
import io.dtscutover.freeze.WriteFreezeActivities;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Many source databases faked at the activity interface, by freeze target: which are frozen. */
final class WaveFakeSources implements WriteFreezeActivities {
  final List<String> calls = new CopyOnWriteArrayList<>();
  private final Set<String> frozen = ConcurrentHashMap.newKeySet();

  boolean frozen(String target) {
    return frozen.contains(target);
  }

  long count(String call) {
    return calls.stream().filter(call::equals).count();
  }

  @Override
  public FreezeReceipt prepare(FreezeSpec spec) {
    calls.add("prepare:" + spec.target());
    return new FreezeReceipt(spec, Instant.EPOCH, Map.of("read_only", "OFF"), List.of(), List.of());
  }

  @Override
  public FreezeProof freeze(FreezeReceipt receipt) {
    calls.add("freeze:" + receipt.spec().target());
    frozen.add(receipt.spec().target());
    return new FreezeProof(Instant.EPOCH, Map.of("Com_insert", 10L), List.of("read_only=ON"));
  }

  @Override
  public FreezeProof verify(FreezeReceipt receipt, FreezeProof baseline) {
    calls.add("verify:" + receipt.spec().target());
    return baseline;
  }

  @Override
  public void unfreeze(FreezeReceipt receipt) {
    calls.add("unfreeze:" + receipt.spec().target());
    frozen.remove(receipt.spec().target());
  }
}
