package io.larder.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.RemovalCause;
import java.util.Map;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A size- or weight-bounded cache under concurrent writers ends within its bound after {@code
 * cleanUp()}, and every value that left the cache (evicted, replaced or invalidated) was notified
 * exactly once.
 *
 * <p>Two writers race on overlapping keys of a cache far too small for them: the first puts keys 0
 * to 3 (values 0 to 3) and then invalidates key 2, the second puts keys 2 to 5 (values 10 to 13).
 * Every value is distinct, so after the race and a {@code cleanUp()} each of the eight written
 * values is in exactly one place: still mapped, or handed once to the removal listener (which runs
 * on the caller's thread). The arbiter reports the number of entries, {@code estimatedSize()} (or
 * the weighted size), and a bit set of violations:
 *
 * <ul>
 *   <li>1: a value was notified twice, or never notified though it is no longer mapped, or notified
 *       while still mapped;
 *   <li>2: the statistics' eviction count disagrees with the listener's SIZE notifications;
 *   <li>4: the entry count exceeds the bound.
 * </ul>
 *
 * <p>Eviction removes entries only while the cache is over its bound, and the invalidation removes
 * at most one more, so the size-bounded cache ends with one or two entries. Fewer would not break
 * the bound but means eviction went further than needed: interesting, not forbidden.
 */
public final class EvictionNotificationTest {
  private EvictionNotificationTest() {}

  /** The largest value written; values are 0-3 and 10-13. */
  static final int MAX_VALUE = 13;

  static void firstWriter(Cache<Integer, Integer> cache) {
    for (int key = 0; key <= 3; key++) {
      cache.put(key, key);
    }
    cache.invalidate(2);
  }

  static void secondWriter(Cache<Integer, Integer> cache) {
    for (int key = 2; key <= 5; key++) {
      cache.put(key, key + 8);
    }
  }

  /** Returns the violation bits described in the class comment, except the bound's. */
  static int violations(Cache<Integer, Integer> cache, RemovalCounter removals) {
    Map<Integer, Integer> live = cache.asMap();
    int violations = 0;
    for (int value = 0; value <= MAX_VALUE; value++) {
      if ((value > 3) && (value < 10)) {
        continue;
      }
      int mapped = live.containsValue(value) ? 1 : 0;
      if (mapped + removals.countOf(value) != 1) {
        violations |= 1;
      }
    }
    if (cache.stats().evictionCount() != removals.count(RemovalCause.SIZE)) {
      violations |= 2;
    }
    return violations;
  }

  /** Size-bounded to two entries. */
  @JCStressTest
  @Outcome(
      id = {"1, 1, 0", "2, 2, 0"},
      expect = ACCEPTABLE,
      desc = "Within the bound; every value mapped or notified exactly once.")
  @Outcome(
      id = "0, 0, 0",
      expect = ACCEPTABLE_INTERESTING,
      desc = "Empty: within the bound, but eviction removed more than it had to.")
  @Outcome(
      expect = FORBIDDEN,
      desc =
          "Over the bound, a size that disagrees with the table, or a value lost or notified"
              + " twice (see the violation bits in the class comment).")
  @State
  public static class SizeBounded {
    final RemovalCounter removals = new RemovalCounter(MAX_VALUE);
    final Cache<Integer, Integer> cache =
        Caffeine.newBuilder()
            .maximumSize(2)
            .executor(Runnable::run)
            .recordStats()
            .removalListener(removals)
            .build();

    @Actor
    public void first() {
      firstWriter(cache);
    }

    @Actor
    public void second() {
      secondWriter(cache);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      cache.cleanUp();
      r.r1 = cache.asMap().size();
      r.r2 = (int) cache.estimatedSize();
      r.r3 = violations(cache, removals) | ((r.r1 > 2) ? 4 : 0);
    }
  }

  /**
   * Weight-bounded to 4, each entry weighing 1 (even values) or 2 (odd values). The arbiter reports
   * the number of entries, the weighted size, and the violation bits; any weighted size from 0 to 4
   * is within the bound.
   */
  @JCStressTest
  @Outcome(
      id = {"[1-4], [1-4], 0"},
      expect = ACCEPTABLE,
      desc = "Within the bound; every value mapped or notified exactly once.")
  @Outcome(
      id = "0, 0, 0",
      expect = ACCEPTABLE_INTERESTING,
      desc = "Empty: within the bound, but eviction removed more than it had to.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "Over the bound, or a value lost or notified twice (see the class comment).")
  @State
  public static class WeightBounded {
    final RemovalCounter removals = new RemovalCounter(MAX_VALUE);
    final Cache<Integer, Integer> cache =
        Caffeine.newBuilder()
            .maximumWeight(4)
            .weigher((Integer key, Integer value) -> 1 + (value % 2))
            .executor(Runnable::run)
            .recordStats()
            .removalListener(removals)
            .build();

    @Actor
    public void first() {
      firstWriter(cache);
    }

    @Actor
    public void second() {
      secondWriter(cache);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      cache.cleanUp();
      long weightedSize = cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
      int tableWeight = 0;
      for (Integer value : cache.asMap().values()) {
        tableWeight += 1 + (value % 2);
      }
      r.r1 = cache.asMap().size();
      r.r2 = (int) weightedSize;
      r.r3 =
          violations(cache, removals)
              | ((weightedSize > 4) || (weightedSize != tableWeight) ? 4 : 0);
    }
  }
}
