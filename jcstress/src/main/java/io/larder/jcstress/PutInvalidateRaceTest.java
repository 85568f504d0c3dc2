package io.larder.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.larder.cache.Cache;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code put} racing {@code invalidate} on a present key: the two take effect in one order or the
 * other, and the removal listener hears of every value that left the cache exactly once.
 *
 * <p>The key starts mapped to 0. One actor puts 1, the other invalidates. The arbiter, after {@code
 * cleanUp()}, reports the value (-1 for absent), the number of removal notifications, and {@code
 * estimatedSize()}.
 *
 * <ul>
 *   <li>put, then invalidate: 0 was REPLACED, 1 was removed EXPLICIT; absent, 2 notifications, size
 *       0.
 *   <li>invalidate, then put: 0 was removed EXPLICIT; 1 is present, 1 notification, size 1.
 * </ul>
 *
 * <p>Anything else is a lost write, a lost or doubled notification, or a size counter that
 * disagrees with the table.
 */
public final class PutInvalidateRaceTest {
  private PutInvalidateRaceTest() {}

  /** Against the unbounded storage. */
  @JCStressTest
  @Outcome(id = "-1, 2, 0", expect = ACCEPTABLE, desc = "put, then invalidate.")
  @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "invalidate, then put.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "A lost write, a lost or doubled notification, or a wrong size.")
  @State
  public static class Unbounded {
    final RemovalCounter removals = new RemovalCounter(1);
    final Cache<Integer, Integer> cache = Caches.unbounded().removalListener(removals).build();

    public Unbounded() {
      cache.put(Caches.KEY, 0);
    }

    @Actor
    public void writer() {
      cache.put(Caches.KEY, 1);
    }

    @Actor
    public void invalidator() {
      cache.invalidate(Caches.KEY);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      cache.cleanUp();
      r.r1 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
      r.r2 = removals.total();
      r.r3 = (int) cache.estimatedSize();
    }
  }

  /** Against the bounded storage, whose size counter is kept by maintenance. */
  @JCStressTest
  @Outcome(id = "-1, 2, 0", expect = ACCEPTABLE, desc = "put, then invalidate.")
  @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "invalidate, then put.")
  @Outcome(
      expect = FORBIDDEN,
      desc = "A lost write, a lost or doubled notification, or a wrong size.")
  @State
  public static class Bounded {
    final RemovalCounter removals = new RemovalCounter(1);
    final Cache<Integer, Integer> cache = Caches.bounded().removalListener(removals).build();

    public Bounded() {
      cache.put(Caches.KEY, 0);
    }

    @Actor
    public void writer() {
      cache.put(Caches.KEY, 1);
    }

    @Actor
    public void invalidator() {
      cache.invalidate(Caches.KEY);
    }

    @Arbiter
    public void arbiter(III_Result r) {
      cache.cleanUp();
      r.r1 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
      r.r2 = removals.total();
      r.r3 = (int) cache.estimatedSize();
    }
  }
}
