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
 * <p>Three actors increment one counter under one key, starting from absent (the first increment
 * creates 1): with {@code compute} in {@code Compute*}, and with {@code merge(key, 1,
 * Integer::sum)} in {@code Merge*}. Each actor reports the value its own increment produced. The increments
 * are serialized, so the three results are 1, 2 and 3 in some order and the arbiter reads 3. Two
 * actors reporting the same value, or a final value below 3, is a lost update: two remapping
 * functions ran on the same old value.
 *
 * <p>The arbiter's value is the final count; the actors' results are folded into one number,
 * {@code 100 * first + 10 * second + third}, so that an outcome reads as the order of increments
 * ({@code 123}, {@code 312}, ...).
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
      id = {"1, 2, 3", "1, 3, 2", "2, 1, 3", "2, 3, 1", "3, 1, 2", "3, 2, 1"},
      expect = ACCEPTABLE,
      desc = "The increments were serialized in some order; arbiter checked the total of 3.")
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

    @Actor
    public void third(III_Result r) {
      r.r3 = compute(cache.asMap());
    }

    @Arbiter
    public void arbiter(III_Result r) {
      if (Caches.orAbsent(cache.getIfPresent(Caches.KEY)) != 3) {
        r.r1 = -1;
      }
    }
  }

  /** Three {@code compute} increments, bounded storage. */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 3", "1, 3, 2", "2, 1, 3", "2, 3, 1", "3, 1, 2", "3, 2, 1"},
      expect = ACCEPTABLE,
      desc = "The increments were serialized in some order; arbiter checked the total of 3.")
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

    @Actor
    public void third(III_Result r) {
      r.r3 = compute(cache.asMap());
    }

    @Arbiter
    public void arbiter(III_Result r) {
      if (Caches.orAbsent(cache.getIfPresent(Caches.KEY)) != 3) {
        r.r1 = -1;
      }
    }
  }

  /** Three {@code merge} increments, unbounded storage. */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 3", "1, 3, 2", "2, 1, 3", "2, 3, 1", "3, 1, 2", "3, 2, 1"},
      expect = ACCEPTABLE,
      desc = "The increments were serialized in some order; arbiter checked the total of 3.")
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

    @Actor
    public void third(III_Result r) {
      r.r3 = merge(cache.asMap());
    }

    @Arbiter
    public void arbiter(III_Result r) {
      if (Caches.orAbsent(cache.getIfPresent(Caches.KEY)) != 3) {
        r.r1 = -1;
      }
    }
  }

  /** Three {@code merge} increments, bounded storage. */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 3", "1, 3, 2", "2, 1, 3", "2, 3, 1", "3, 1, 2", "3, 2, 1"},
      expect = ACCEPTABLE,
      desc = "The increments were serialized in some order; arbiter checked the total of 3.")
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

    @Actor
    public void third(III_Result r) {
      r.r3 = merge(cache.asMap());
    }

    @Arbiter
    public void arbiter(III_Result r) {
      if (Caches.orAbsent(cache.getIfPresent(Caches.KEY)) != 3) {
        r.r1 = -1;
      }
    }
  }

  /**
   * One {@code compute} increment, one {@code merge} increment and a {@code put} of 10, bounded
   * storage. The put may land before, between or after the increments; each increment must see
   * what the operation before it left. The final value is 10 if the put came last, else the larger
   * increment's result (the arbiter sets the third result to -1 otherwise; the put reports 0).
   */
  @JCStressTest
  @Outcome(
      id = {"1, 2, 0", "2, 1, 0", "11, 12, 0", "12, 11, 0", "1, 11, 0", "11, 1, 0"},
      expect = ACCEPTABLE,
      desc = "Each increment saw the value the other, or the put, left behind.")
  @Outcome(expect = FORBIDDEN, desc = "A lost update: an increment saw a stale value.")
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

    @Actor
    public void writer(III_Result r) {
      cache.put(Caches.KEY, 10);
      r.r3 = 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
      int last = Math.max(r.r1, r.r2);
      int expected = (last < 11) ? 10 : last;
      if (Caches.orAbsent(cache.getIfPresent(Caches.KEY)) != expected) {
        r.r3 = -1;
      }
    }
  }
}
