package io.larder.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.larder.cache.Cache;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZI_Result;

/**
 * {@code asMap().remove(key, value)} is an atomic compare-and-remove.
 *
 * <p>The key starts mapped to 0. In {@code RemoveVersusRemove} both actors remove (key, 0): exactly
 * one may succeed, and the listener hears of 0 once. In {@code RemoveVersusReplace*} one actor
 * removes (key, 0) while the other replaces 0 with 1: exactly one succeeds, and the key ends absent
 * (remove won) or holding 1 (replace won). Both succeeding means one acted on a value that was no
 * longer there; the arbiter's value is -1 for absent, or a negative code below -100 when the
 * listener did not hear of 0 exactly once.
 */
public final class RemoveKeyValueAtomicityTest {
  private RemoveKeyValueAtomicityTest() {}

  static int finalValue(Cache<Integer, Integer> cache, RemovalCounter removals) {
    cache.cleanUp();
    return (removals.countOf(0) == 1) && (removals.total() == 1)
        ? Caches.orAbsent(cache.getIfPresent(Caches.KEY))
        : -100 - removals.total();
  }

  /** Two conditional removals of the same mapping, unbounded storage. */
  @JCStressTest
  @Outcome(id = "true, false, -1", expect = ACCEPTABLE, desc = "The first actor removed it.")
  @Outcome(id = "false, true, -1", expect = ACCEPTABLE, desc = "The second actor removed it.")
  @Outcome(id = "true, true, .*", expect = FORBIDDEN, desc = "Both removed the same mapping.")
  @Outcome(id = "false, false, .*", expect = FORBIDDEN, desc = "Neither removed the mapping.")
  @Outcome(expect = FORBIDDEN, desc = "The mapping survived, or 0's removal was not notified once.")
  @State
  public static class RemoveVersusRemove {
    final RemovalCounter removals = new RemovalCounter(1);
    final Cache<Integer, Integer> cache = Caches.unbounded().removalListener(removals).build();

    public RemoveVersusRemove() {
      cache.put(Caches.KEY, 0);
    }

    @Actor
    public void first(ZZI_Result r) {
      r.r1 = cache.asMap().remove(Caches.KEY, 0);
    }

    @Actor
    public void second(ZZI_Result r) {
      r.r2 = cache.asMap().remove(Caches.KEY, 0);
    }

    @Arbiter
    public void arbiter(ZZI_Result r) {
      r.r3 = finalValue(cache, removals);
    }
  }

  /** A conditional removal against a conditional replacement, unbounded storage. */
  @JCStressTest
  @Outcome(id = "true, false, -1", expect = ACCEPTABLE, desc = "remove won: absent.")
  @Outcome(id = "false, true, 1", expect = ACCEPTABLE, desc = "replace won: 1.")
  @Outcome(id = "true, true, .*", expect = FORBIDDEN, desc = "Both acted on the same mapping.")
  @Outcome(id = "false, false, .*", expect = FORBIDDEN, desc = "Neither acted on the mapping.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "The final state is not the winner's, or 0 was not notified once.")
  @State
  public static class RemoveVersusReplaceUnbounded {
    final RemovalCounter removals = new RemovalCounter(1);
    final Cache<Integer, Integer> cache = Caches.unbounded().removalListener(removals).build();

    public RemoveVersusReplaceUnbounded() {
      cache.put(Caches.KEY, 0);
    }

    @Actor
    public void remover(ZZI_Result r) {
      r.r1 = cache.asMap().remove(Caches.KEY, 0);
    }

    @Actor
    public void replacer(ZZI_Result r) {
      r.r2 = cache.asMap().replace(Caches.KEY, 0, 1);
    }

    @Arbiter
    public void arbiter(ZZI_Result r) {
      r.r3 = finalValue(cache, removals);
    }
  }

  /** A conditional removal against a conditional replacement, bounded storage. */
  @JCStressTest
  @Outcome(id = "true, false, -1", expect = ACCEPTABLE, desc = "remove won: absent.")
  @Outcome(id = "false, true, 1", expect = ACCEPTABLE, desc = "replace won: 1.")
  @Outcome(id = "true, true, .*", expect = FORBIDDEN, desc = "Both acted on the same mapping.")
  @Outcome(id = "false, false, .*", expect = FORBIDDEN, desc = "Neither acted on the mapping.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "The final state is not the winner's, or 0 was not notified once.")
  @State
  public static class RemoveVersusReplaceBounded {
    final RemovalCounter removals = new RemovalCounter(1);
    final Cache<Integer, Integer> cache = Caches.bounded().removalListener(removals).build();

    public RemoveVersusReplaceBounded() {
      cache.put(Caches.KEY, 0);
    }

    @Actor
    public void remover(ZZI_Result r) {
      r.r1 = cache.asMap().remove(Caches.KEY, 0);
    }

    @Actor
    public void replacer(ZZI_Result r) {
      r.r2 = cache.asMap().replace(Caches.KEY, 0, 1);
    }

    @Arbiter
    public void arbiter(ZZI_Result r) {
      r.r3 = finalValue(cache, removals);
    }
  }
}
