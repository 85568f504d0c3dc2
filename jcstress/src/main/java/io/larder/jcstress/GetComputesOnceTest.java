package io.larder.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.larder.cache.Cache;
import io.larder.cache.LoadingCache;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code Cache.get(key, function)} and {@code LoadingCache.get(key)} run the function (or loader)
 * at most once per absent key, while the other callers wait for its result.
 *
 * <p>Two actors ask for the same absent key. The function counts its calls and returns ten times
 * the call number, so a second call would produce a different value (20). The actors report the
 * value they got; the arbiter reports the number of calls. Only {@code 10, 10, 1} is correct: one
 * call, whose value both actors received. A caller that did not wait would get 20 (a second call),
 * or fail or see null.
 *
 * <p>{@code GetRacingPut} races {@code get(key, function)} against {@code put(key, 5)}: the get
 * returns the computed 10 (then the put overwrote it) or the put's 5 without calling the function;
 * either way 5 is final. A final 10 is a put lost under a computation.
 */
public final class GetComputesOnceTest {
  private GetComputesOnceTest() {}

  /** {@code Cache.get(key, function)}, unbounded storage. */
  @JCStressTest
  @Outcome(id = "10, 10, 1", expect = ACCEPTABLE, desc = "One call; both received its value.")
  @Outcome(expect = FORBIDDEN, desc = "The function ran twice, or a caller did not get its value.")
  @State
  public static class CacheGetUnbounded {
    final AtomicInteger calls = new AtomicInteger();
    final Cache<Integer, Integer> cache = Caches.unbounded().build();

    Integer get() {
      return cache.get(Caches.KEY, key -> 10 * calls.incrementAndGet());
    }

    @Actor
    public void first(III_Result r) {
      r.r1 = get();
    }

    @Actor
    public void second(III_Result r) {
      r.r2 = get();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = calls.get();
    }
  }

  /** {@code Cache.get(key, function)}, bounded storage. */
  @JCStressTest
  @Outcome(id = "10, 10, 1", expect = ACCEPTABLE, desc = "One call; both received its value.")
  @Outcome(expect = FORBIDDEN, desc = "The function ran twice, or a caller did not get its value.")
  @State
  public static class CacheGetBounded {
    final AtomicInteger calls = new AtomicInteger();
    final Cache<Integer, Integer> cache = Caches.bounded().build();

    Integer get() {
      return cache.get(Caches.KEY, key -> 10 * calls.incrementAndGet());
    }

    @Actor
    public void first(III_Result r) {
      r.r1 = get();
    }

    @Actor
    public void second(III_Result r) {
      r.r2 = get();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = calls.get();
    }
  }

  /** {@code LoadingCache.get(key)}, unbounded storage. */
  @JCStressTest
  @Outcome(id = "10, 10, 1", expect = ACCEPTABLE, desc = "One load; both received its value.")
  @Outcome(expect = FORBIDDEN, desc = "The loader ran twice, or a caller did not get its value.")
  @State
  public static class LoadingGetUnbounded {
    final AtomicInteger calls = new AtomicInteger();
    final LoadingCache<Integer, Integer> cache =
        Caches.unbounded().build(key -> 10 * calls.incrementAndGet());

    @Actor
    public void first(III_Result r) {
      r.r1 = cache.get(Caches.KEY);
    }

    @Actor
    public void second(III_Result r) {
      r.r2 = cache.get(Caches.KEY);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = calls.get();
    }
  }

  /** {@code LoadingCache.get(key)}, bounded storage. */
  @JCStressTest
  @Outcome(id = "10, 10, 1", expect = ACCEPTABLE, desc = "One load; both received its value.")
  @Outcome(expect = FORBIDDEN, desc = "The loader ran twice, or a caller did not get its value.")
  @State
  public static class LoadingGetBounded {
    final AtomicInteger calls = new AtomicInteger();
    final LoadingCache<Integer, Integer> cache =
        Caches.bounded().build(key -> 10 * calls.incrementAndGet());

    @Actor
    public void first(III_Result r) {
      r.r1 = cache.get(Caches.KEY);
    }

    @Actor
    public void second(III_Result r) {
      r.r2 = cache.get(Caches.KEY);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r3 = calls.get();
    }
  }

  /** {@code Cache.get(key, function)} racing {@code put}, bounded storage. */
  @JCStressTest
  @Outcome(id = "10, 1, 5", expect = ACCEPTABLE, desc = "get computed 10, then put wrote 5.")
  @Outcome(id = "5, 0, 5", expect = ACCEPTABLE, desc = "put wrote 5 first; get found it.")
  @Outcome(
      id = ".*, .*, 10",
      expect = FORBIDDEN,
      desc = "The computed value overwrote the put: a lost write.")
  @Outcome(expect = FORBIDDEN, desc = "The function ran twice, or get returned something else.")
  @State
  public static class GetRacingPut {
    final AtomicInteger calls = new AtomicInteger();
    final Cache<Integer, Integer> cache = Caches.bounded().build();

    @Actor
    public void getter(III_Result r) {
      r.r1 = cache.get(Caches.KEY, key -> 10 * calls.incrementAndGet());
    }

    @Actor
    public void writer() {
      cache.put(Caches.KEY, 5);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r2 = calls.get();
      r.r3 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
    }
  }
}
