package io.larder.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.larder.cache.Cache;
import io.larder.cache.RemovalCause;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Expiration racing reads and writes, driven by a manual ticker that the actors share.
 *
 * <p>Entries expire 10 ns after they are written. The key is written with 1 at time 0.
 *
 * <p>{@code TickerRacingRead}: one actor moves the time to 10 (the entry's expiry) while the other
 * reads. The read may see 1 (before the tick) or nothing (after); afterwards the arbiter must find
 * the entry gone, and the listener must have heard of value 1 exactly once, as EXPIRED. A later
 * read that still returns 1 serves an expired entry.
 *
 * <p>{@code ExpiredRacingWrite}: the time is already 10 when the actors start, so the entry is
 * expired but may still be stored. One actor puts 2, the other reads. The read may see nothing (the
 * expired entry, before the put) or 2; the arbiter must find 2, and the listener must have heard of
 * 1 exactly once (as EXPIRED) and of nothing else. A read of the expired 1 is allowed but
 * interesting: the reader loaded the old value, then the put renewed the entry's write time, then
 * the reader checked the time and found it fresh. Caffeine 3.2.4, the reference, does this too
 * (seen when these tests were run against it); it is a stale read that overlaps the write, not a
 * resurrection, which the arbiter's read would show.
 *
 * <p>The third result is the number of notifications of value 1 with cause EXPIRED, or -1 when any
 * other notification arrived.
 */
public final class ExpirationRaceTest {
  private ExpirationRaceTest() {}

  static final Duration LIFETIME = Duration.ofNanos(10);

  static int expiredOnce(RemovalCounter removals) {
    return (removals.total() == removals.count(RemovalCause.EXPIRED)) ? removals.countOf(1) : -1;
  }

  /** The ticker passes the entry's expiry while a reader reads it. */
  @JCStressTest
  @Outcome(id = "1, -1, 1", expect = ACCEPTABLE, desc = "Read before the tick, then expired.")
  @Outcome(id = "-1, -1, 1", expect = ACCEPTABLE, desc = "Read after the tick: already expired.")
  @Outcome(id = ".*, 1, .*", expect = FORBIDDEN, desc = "An expired entry was served afterwards.")
  @Outcome(expect = FORBIDDEN, desc = "The expiry was not notified exactly once.")
  @State
  public static class TickerRacingRead {
    final ManualTicker ticker = new ManualTicker();
    final RemovalCounter removals = new RemovalCounter(2);
    final Cache<Integer, Integer> cache =
        Caches.unbounded()
            .expireAfterWrite(LIFETIME)
            .ticker(ticker)
            .removalListener(removals)
            .build();

    public TickerRacingRead() {
      cache.put(Caches.KEY, 1);
    }

    @Actor
    public void clock() {
      ticker.advance(LIFETIME.toNanos());
    }

    @Actor
    public void reader(III_Result r) {
      r.r1 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r2 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
      cache.cleanUp();
      r.r3 = expiredOnce(removals);
    }
  }

  /** A put replaces an expired entry while a reader reads it. */
  @JCStressTest
  @Outcome(id = "-1, 2, 1", expect = ACCEPTABLE, desc = "Read before the put: expired, absent.")
  @Outcome(id = "2, 2, 1", expect = ACCEPTABLE, desc = "Read after the put.")
  @Outcome(
      id = "1, 2, 1",
      expect = ACCEPTABLE_INTERESTING,
      desc = "A stale read overlapping the put: value read before it, time checked after it.")
  @Outcome(expect = FORBIDDEN, desc = "The put was lost, or the expiry not notified exactly once.")
  @State
  public static class ExpiredRacingWrite {
    final ManualTicker ticker = new ManualTicker();
    final RemovalCounter removals = new RemovalCounter(2);
    final Cache<Integer, Integer> cache =
        Caches.unbounded()
            .expireAfterWrite(LIFETIME)
            .ticker(ticker)
            .removalListener(removals)
            .build();

    public ExpiredRacingWrite() {
      cache.put(Caches.KEY, 1);
      ticker.advance(LIFETIME.toNanos());
    }

    @Actor
    public void writer() {
      cache.put(Caches.KEY, 2);
    }

    @Actor
    public void reader(III_Result r) {
      r.r1 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
    }

    @Arbiter
    public void arbiter(III_Result r) {
      r.r2 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
      cache.cleanUp();
      r.r3 = expiredOnce(removals);
    }
  }

  /**
   * Expire-after-access, size-bounded: a read racing the tick to 10 either renews the entry at time
   * 0 (so it still expires at 10) or finds it expired. The arbiter moves the clock to 15, where the
   * entry is expired whichever way the race went: a renewal recorded with a later time than the
   * read's would keep it alive.
   */
  @JCStressTest
  @Outcome(id = "1, -1, 1", expect = ACCEPTABLE, desc = "Read (and renewed) before the tick.")
  @Outcome(id = "-1, -1, 1", expect = ACCEPTABLE, desc = "Read after the tick: already expired.")
  @Outcome(id = ".*, 1, .*", expect = FORBIDDEN, desc = "An expired entry was served afterwards.")
  @Outcome(expect = FORBIDDEN, desc = "The expiry was not notified exactly once.")
  @State
  public static class AccessRacingTicker {
    final ManualTicker ticker = new ManualTicker();
    final RemovalCounter removals = new RemovalCounter(2);
    final Cache<Integer, Integer> cache =
        Caches.bounded()
            .expireAfterAccess(LIFETIME)
            .ticker(ticker)
            .removalListener(removals)
            .build();

    public AccessRacingTicker() {
      cache.put(Caches.KEY, 1);
    }

    @Actor
    public void clock() {
      ticker.advance(LIFETIME.toNanos());
    }

    @Actor
    public void reader(III_Result r) {
      r.r1 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
    }

    @Arbiter
    public void arbiter(III_Result r) {
      ticker.advance(5);
      r.r2 = Caches.orAbsent(cache.getIfPresent(Caches.KEY));
      cache.cleanUp();
      r.r3 = expiredOnce(removals);
    }
  }
}
