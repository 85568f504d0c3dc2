package io.larder.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.larder.cache.Cache;
import io.larder.cache.stats.CacheStats;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The statistics counters agree with the operations that ran, however they interleave.
 *
 * <p>Key 0 is present; key 99 never is. Each of two actors calls {@code get(KEY, function)} (the
 * first of the two computes and counts a miss and a load success; the other finds the value and
 * counts a hit, whether it waited for the computation or came after it), then {@code
 * getIfPresent(0)} (a hit), then {@code getIfPresent(99)} (a miss). The arbiter reports hits,
 * misses and load successes: 3, 3, 1 in every interleaving. Another count means a lost increment (a
 * non-atomic counter), a double count, or a waiting caller counted as a miss. The arbiter sets the
 * load count to -1 if the request count, load failures or evictions disagree.
 */
public final class StatsCountersTest {
  private StatsCountersTest() {}

  static final Integer PRESENT = 0;
  static final Integer ABSENT = 99;

  static void operations(Cache<Integer, Integer> cache) {
    cache.get(Caches.KEY, key -> 1);
    cache.getIfPresent(PRESENT);
    cache.getIfPresent(ABSENT);
  }

  static void report(Cache<Integer, Integer> cache, III_Result r) {
    CacheStats stats = cache.stats();
    boolean consistent =
        (stats.requestCount() == stats.hitCount() + stats.missCount())
            && (stats.loadFailureCount() == 0)
            && (stats.evictionCount() == 0);
    r.r1 = (int) stats.hitCount();
    r.r2 = (int) stats.missCount();
    r.r3 = consistent ? (int) stats.loadSuccessCount() : -1;
  }

  /** Unbounded storage. */
  @JCStressTest
  @Outcome(id = "3, 3, 1", expect = ACCEPTABLE, desc = "Every operation counted once.")
  @Outcome(expect = FORBIDDEN, desc = "A lost, doubled or misattributed count.")
  @State
  public static class Unbounded {
    final Cache<Integer, Integer> cache = Caches.unbounded().recordStats().build();

    public Unbounded() {
      cache.put(PRESENT, 0);
    }

    @Actor
    public void first() {
      operations(cache);
    }

    @Actor
    public void second() {
      operations(cache);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      report(cache, r);
    }
  }

  /** Bounded storage, where hits are recorded alongside the read buffer. */
  @JCStressTest
  @Outcome(id = "3, 3, 1", expect = ACCEPTABLE, desc = "Every operation counted once.")
  @Outcome(expect = FORBIDDEN, desc = "A lost, doubled or misattributed count.")
  @State
  public static class Bounded {
    final Cache<Integer, Integer> cache = Caches.bounded().recordStats().build();

    public Bounded() {
      cache.put(PRESENT, 0);
    }

    @Actor
    public void first() {
      operations(cache);
    }

    @Actor
    public void second() {
      operations(cache);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      report(cache, r);
    }
  }
}
