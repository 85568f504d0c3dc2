package io.larder.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.larder.cache.CacheLoader;
import io.larder.cache.LoadingCache;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@code LoadingCache.refresh} racing {@code put}: a value written while a reload is in flight wins
 * over the reload's result.
 *
 * <p>The key starts mapped to 0. The loader's {@code reload(key, old)} returns {@code old + 10}.
 * One actor refreshes the key (the reload runs on the caller's thread, since the executor is {@code
 * Runnable::run}), the other puts 2. The arbiter waits for the refresh's future, then reports the
 * cached value and the reload's result.
 *
 * <ul>
 *   <li>refresh, then put: the reload installed 10, the put overwrote it: {@code 2, 10}.
 *   <li>put during the refresh: the reload of 0 produced 10, but the entry changed under it, so the
 *       reload's result must be discarded: {@code 2, 10}.
 *   <li>put, then refresh: the reload read 2 and installed 12: {@code 12, 12}.
 * </ul>
 *
 * <p>{@code 2, 12} is legal but interesting: the put had stored 2 but not yet finished (it discards
 * the reload in flight as its last step) when the refresh read the old value, so the refresh
 * reloaded 2 and was then discarded by the overlapping put. The written value still wins; the
 * reload was wasted. The bounded storage shows it (a few in a million samples), as Caffeine's put,
 * which has the same order of steps, may.
 *
 * <p>{@code 10, 10} is the bug this test exists for: a reload of a stale value overwrote a newer
 * write.
 */
public final class RefreshRacingPutTest {
  private RefreshRacingPutTest() {}

  /** Returns a loader whose reload adds 10 to the old value; a fresh load returns 100. */
  static CacheLoader<Integer, Integer> loader() {
    return new CacheLoader<>() {
      @Override
      public Integer load(Integer key) {
        return 100;
      }

      @Override
      public Integer reload(Integer key, Integer oldValue) {
        return oldValue + 10;
      }
    };
  }

  static void report(
      LoadingCache<Integer, Integer> cache, CompletableFuture<Integer> refresh, II_Result r) {
    Integer reloaded = refresh.join();
    cache.cleanUp();
    r.r1 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
    r.r2 = Caches.orAbsent(reloaded);
  }

  /** Unbounded storage. */
  @JCStressTest
  @Outcome(id = "2, 10", expect = ACCEPTABLE, desc = "The put came after or during the reload.")
  @Outcome(id = "12, 12", expect = ACCEPTABLE, desc = "The put came before the reload.")
  @Outcome(
      id = "10, 10",
      expect = FORBIDDEN,
      desc = "The reload of the stale value overwrote the put.")
  @Outcome(
      id = "2, 12",
      expect = ACCEPTABLE_INTERESTING,
      desc = "The put overlapped the refresh's start: reload of 2 discarded, the write kept.")
  @Outcome(expect = FORBIDDEN, desc = "No interleaving produces this.")
  @State
  public static class Unbounded {
    final LoadingCache<Integer, Integer> cache = Caches.unbounded().build(loader());
    volatile CompletableFuture<Integer> refresh = CompletableFuture.completedFuture(-100);

    public Unbounded() {
      cache.put(Caches.KEY, 0);
    }

    @Actor
    public void refresher() {
      refresh = cache.refresh(Caches.KEY);
    }

    @Actor
    public void writer() {
      cache.put(Caches.KEY, 2);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      report(cache, refresh, r);
    }
  }

  /** Bounded storage. */
  @JCStressTest
  @Outcome(id = "2, 10", expect = ACCEPTABLE, desc = "The put came after or during the reload.")
  @Outcome(id = "12, 12", expect = ACCEPTABLE, desc = "The put came before the reload.")
  @Outcome(
      id = "10, 10",
      expect = FORBIDDEN,
      desc = "The reload of the stale value overwrote the put.")
  @Outcome(
      id = "2, 12",
      expect = ACCEPTABLE_INTERESTING,
      desc = "The put overlapped the refresh's start: reload of 2 discarded, the write kept.")
  @Outcome(expect = FORBIDDEN, desc = "No interleaving produces this.")
  @State
  public static class Bounded {
    final LoadingCache<Integer, Integer> cache = Caches.bounded().build(loader());
    volatile CompletableFuture<Integer> refresh = CompletableFuture.completedFuture(-100);

    public Bounded() {
      cache.put(Caches.KEY, 0);
    }

    @Actor
    public void refresher() {
      refresh = cache.refresh(Caches.KEY);
    }

    @Actor
    public void writer() {
      cache.put(Caches.KEY, 2);
    }

    @Arbiter
    public void arbiter(II_Result r) {
      report(cache, refresh, r);
    }
  }
}
