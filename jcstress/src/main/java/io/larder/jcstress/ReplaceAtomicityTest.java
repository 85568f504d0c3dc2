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
 * {@code asMap().replace(key, oldValue, newValue)} is an atomic compare-and-set.
 *
 * <p>The key starts mapped to 0. Two actors each try to replace 0, one with 1 and one with 2. Both
 * compare against 0, so exactly one may succeed, and the key must end holding the winner's value: a
 * check-then-act implementation lets both succeed (and one write is lost), or lets the loser's
 * value land. The arbiter also checks that the listener heard of 0's replacement exactly once.
 */
public final class ReplaceAtomicityTest {
  private ReplaceAtomicityTest() {}

  /** Against the unbounded storage. */
  @JCStressTest
  @Outcome(id = "true, false, 1", expect = ACCEPTABLE, desc = "The first actor won.")
  @Outcome(id = "false, true, 2", expect = ACCEPTABLE, desc = "The second actor won.")
  @Outcome(
      id = {"true, true, .*"},
      expect = FORBIDDEN,
      desc = "Both replaced the same old value: not atomic.")
  @Outcome(
      id = {"false, false, .*"},
      expect = FORBIDDEN,
      desc = "Neither replaced the value that was there.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "The final value is not the winner's, or 0's replacement was not notified once.")
  @State
  public static class Unbounded {
    final RemovalCounter removals = new RemovalCounter(2);
    final Cache<Integer, Integer> cache = Caches.unbounded().removalListener(removals).build();

    public Unbounded() {
      cache.put(Caches.KEY, 0);
    }

    @Actor
    public void first(ZZI_Result r) {
      r.r1 = cache.asMap().replace(Caches.KEY, 0, 1);
    }

    @Actor
    public void second(ZZI_Result r) {
      r.r2 = cache.asMap().replace(Caches.KEY, 0, 2);
    }

    @Arbiter
    public void arbiter(ZZI_Result r) {
      cache.cleanUp();
      r.r3 =
          (removals.countOf(0) == 1) && (removals.total() == 1)
              ? Caches.orAbsent(cache.getIfPresent(Caches.KEY))
              : -100 - removals.total();
    }
  }

  /** Against the bounded storage. */
  @JCStressTest
  @Outcome(id = "true, false, 1", expect = ACCEPTABLE, desc = "The first actor won.")
  @Outcome(id = "false, true, 2", expect = ACCEPTABLE, desc = "The second actor won.")
  @Outcome(
      id = {"true, true, .*"},
      expect = FORBIDDEN,
      desc = "Both replaced the same old value: not atomic.")
  @Outcome(
      id = {"false, false, .*"},
      expect = FORBIDDEN,
      desc = "Neither replaced the value that was there.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "The final value is not the winner's, or 0's replacement was not notified once.")
  @State
  public static class Bounded {
    final RemovalCounter removals = new RemovalCounter(2);
    final Cache<Integer, Integer> cache = Caches.bounded().removalListener(removals).build();

    public Bounded() {
      cache.put(Caches.KEY, 0);
    }

    @Actor
    public void first(ZZI_Result r) {
      r.r1 = cache.asMap().replace(Caches.KEY, 0, 1);
    }

    @Actor
    public void second(ZZI_Result r) {
      r.r2 = cache.asMap().replace(Caches.KEY, 0, 2);
    }

    @Arbiter
    public void arbiter(ZZI_Result r) {
      cache.cleanUp();
      r.r3 =
          (removals.countOf(0) == 1) && (removals.total() == 1)
              ? Caches.orAbsent(cache.getIfPresent(Caches.KEY))
              : -100 - removals.total();
    }
  }
}
