package io.larder.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.larder.cache.Cache;
import java.util.concurrent.ConcurrentMap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code asMap().compute} and {@code asMap().merge} are atomic per key: increments from several
 * actors are never lost.
 *
 * <p>Two actors increment one counter under one key, starting from absent (the first increment
 * creates 1): both with {@code compute} in {@code Compute*}, both with {@code merge(key, 1,
 * Integer::sum)} in {@code Merge*}, one with each in {@code Mixed}. Each actor reports the value
 * its own increment produced, and the arbiter the final value. The increments are serialized, so
 * the actors see 1 and 2 in some order and the final value is 2. Two actors reporting the same
 * value, or a final value of 1, is a lost update: two remapping functions ran on the same old
 * value.
 *
 * <p>(Two actors, not more: JCStress runs an actor per CPU, and CI has two.)
 */
public final class ComputeMergeNoLostUpdateTest {
  private ComputeMergeNoLostUpdateTest() {}

  static Integer increment(Integer key, Integer value) {
    return (value == null) ? 1 : value + 1;
  }

  static Integer compute(ConcurrentMap<Integer, Integer> map) {
    return map.compute(Caches.KEY, ComputeMergeNoLostUpdateTest::increment);
  }

  static Integer merge(ConcurrentMap<Integer, Integer> map) {
    return map.merge(Caches.KEY, 1, Integer::sum);
  }

  /** Three {@code compute} increments, unbounded storage. */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 2", "2, 1, 2"},
      expect = ACCEPTABLE,
      desc = "The increments were serialized, in one order or the other.")
  @Outcome(expect = FORBIDDEN, desc = "A lost update: two increments saw the same old value.")
  @State
  public static class ComputeUnbounded {
    final Cache<Integer, Integer> cache = Caches.unbounded().build();

    @Actor
    public void first(III_Result r) {
      r.r1 = compute(cache.asMap());
    }

    @Actor
    public void second(III_Result r) {
      r.r2 = compute(cache.asMap());
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
    }
  }

  /** Three {@code compute} increments, bounded storage. */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 2", "2, 1, 2"},
      expect = ACCEPTABLE,
      desc = "The increments were serialized, in one order or the other.")
  @Outcome(expect = FORBIDDEN, desc = "A lost update: two increments saw the same old value.")
  @State
  public static class ComputeBounded {
    final Cache<Integer, Integer> cache = Caches.bounded().build();

    @Actor
    public void first(III_Result r) {
      r.r1 = compute(cache.asMap());
    }

    @Actor
    public void second(III_Result r) {
      r.r2 = compute(cache.asMap());
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
    }
  }

  /** Three {@code merge} increments, unbounded storage. */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 2", "2, 1, 2"},
      expect = ACCEPTABLE,
      desc = "The increments were serialized, in one order or the other.")
  @Outcome(expect = FORBIDDEN, desc = "A lost update: two increments saw the same old value.")
  @State
  public static class MergeUnbounded {
    final Cache<Integer, Integer> cache = Caches.unbounded().build();

    @Actor
    public void first(III_Result r) {
      r.r1 = merge(cache.asMap());
    }

    @Actor
    public void second(III_Result r) {
      r.r2 = merge(cache.asMap());
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
    }
  }

  /** Three {@code merge} increments, bounded storage. */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 2", "2, 1, 2"},
      expect = ACCEPTABLE,
      desc = "The increments were serialized, in one order or the other.")
  @Outcome(expect = FORBIDDEN, desc = "A lost update: two increments saw the same old value.")
  @State
  public static class MergeBounded {
    final Cache<Integer, Integer> cache = Caches.bounded().build();

    @Actor
    public void first(III_Result r) {
      r.r1 = merge(cache.asMap());
    }

    @Actor
    public void second(III_Result r) {
      r.r2 = merge(cache.asMap());
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
    }
  }

  /** One {@code compute} and one {@code merge} increment, bounded storage. */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 2", "2, 1, 2"},
      expect = ACCEPTABLE,
      desc = "The increments were serialized, in one order or the other.")
  @Outcome(expect = FORBIDDEN, desc = "A lost update: two increments saw the same old value.")
  @State
  public static class MixedBounded {
    final Cache<Integer, Integer> cache = Caches.bounded().build();

    @Actor
    public void computer(III_Result r) {
      r.r1 = compute(cache.asMap());
    }

    @Actor
    public void merger(III_Result r) {
      r.r2 = merge(cache.asMap());
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
    }
  }
}
