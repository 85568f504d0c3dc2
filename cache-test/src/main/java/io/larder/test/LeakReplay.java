package io.larder.test;

import static java.util.Objects.requireNonNull;

import io.larder.cache.CacheInsight;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The incident as a test helper: drives a call the user gives (a service method, a
 * {@code @Cacheable} bean, an HTTP request in a Boot test) with a new, unique key each time, for a
 * number of calls or a time, then checks that every cache it touched stayed within its bound and
 * that the heap after collection grew less than a limit. A cache that keeps every unique key, a
 * Larder cache without a bound or any other map, fails it.
 *
 * <pre>{@code
 * LeakReplay.of(key -> products.find(key))
 *     .watching(cacheManager.getCache("products").getNativeCache())
 *     .run()                      // 50,000 calls or 5 s, heap growth under 16 MiB
 *     .assertNoLeak();
 * }</pre>
 *
 * <p>The caches checked are those given to {@link #watching} and every Larder cache built during
 * the run, each after its pending maintenance has run ({@code cleanUp()}), since evictions are
 * applied after the writes that cause them. The heap is measured after repeated {@code System.gc()} calls, before and after the run;
 * a JVM started with {@code -XX:+DisableExplicitGC} cannot be measured, and the replay says so.
 */
public final class LeakReplay {
  private final Consumer<String> call;
  private final List<Object> watched = new ArrayList<>();
  private long calls = 50_000;
  private Duration duration = Duration.ofSeconds(5);
  private long heapGrowthLimit = 16L << 20;
  private String keyPrefix = "leak-replay-";

  private LeakReplay(Consumer<String> call) {
    this.call = requireNonNull(call);
  }

  /** A replay of {@code call}, given a new unique key each time. */
  public static LeakReplay of(Consumer<String> call) {
    return new LeakReplay(call);
  }

  /** Also checks these Larder caches (built before the replay, by the code under test). */
  public LeakReplay watching(Object... caches) {
    for (Object cache : caches) {
      LeakRules.insight(cache); // fails at once for an object that is not a Larder cache
      watched.add(cache);
    }
    return this;
  }

  /** Stops after this many calls (default 50,000), or at the time limit, whichever is first. */
  public LeakReplay calls(long calls) {
    if (calls <= 0) {
      throw new IllegalArgumentException("calls must be positive, was " + calls);
    }
    this.calls = calls;
    return this;
  }

  /** Stops after this long (default 5 s), or at the call limit, whichever is first. */
  public LeakReplay duration(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive, was " + duration);
    }
    this.duration = duration;
    return this;
  }

  /** The most the heap after collection may grow over the run (default 16 MiB). */
  public LeakReplay heapGrowthAtMost(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("heapGrowthAtMost must not be negative, was " + bytes);
    }
    this.heapGrowthLimit = bytes;
    return this;
  }

  /** The prefix of the unique keys (default {@code "leak-replay-"}, then a counter). */
  public LeakReplay keyPrefix(String prefix) {
    this.keyPrefix = requireNonNull(prefix);
    return this;
  }

  /** Runs the replay and returns its figures; {@link Report#assertNoLeak()} checks them. */
  public Report run() {
    long heapBefore = heapAfterCollection();
    long completed = 0;
    long deadline = System.nanoTime() + duration.toNanos();
    List<Object> built;
    try (CacheObservations observations = CacheObservations.open()) {
      while ((completed < calls) && ((System.nanoTime() - deadline) < 0)) {
        call.accept(keyPrefix + completed);
        completed++;
      }
      built = observations.liveCaches();
    }
    long elapsedNanos = System.nanoTime() - (deadline - duration.toNanos());
    Set<Object> caches = Collections.newSetFromMap(new IdentityHashMap<>());
    caches.addAll(watched);
    caches.addAll(built);
    List<CacheFigures> figures = new ArrayList<>();
    long heapAfter;
    try {
      for (Object cache : caches) {
        // A bound is enforced by maintenance, which may still be pending on the cache's executor:
        // run it, so that the figures are those of the bound, not of an eviction not yet done
        LeakRules.synchronous(cache).ifPresent(io.larder.cache.Cache::cleanUp);
        CacheInsight insight = LeakRules.insight(cache);
        figures.add(new CacheFigures(LeakRules.label(insight), LeakRules.describeBound(cache),
            LeakRules.isUnbounded(cache), entries(cache), insight.estimatedBytes(),
            insight.maximum().orElse(-1), insight.maximumBytes().orElse(-1)));
      }
      heapAfter = heapAfterCollection();
    } finally {
      // Keep the caches reachable until the heap was measured, so their entries count in it.
      Reference.reachabilityFence(caches);
    }
    return new Report(completed, Duration.ofNanos(elapsedNanos), List.copyOf(figures),
        heapBefore, heapAfter, heapGrowthLimit);
  }

  private static long entries(Object cache) {
    return LeakRules.synchronous(cache).map(io.larder.cache.Cache::estimatedSize).orElse(0L);
  }

  /** Used heap after collections, once it stops falling (at most five collections). */
  static long heapAfterCollection() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (now >= used) {
        return Math.min(now, used);
      }
      used = now;
    }
    return used;
  }

  /** What one cache held at the end of the replay. */
  public record CacheFigures(String cache, String bound, boolean unbounded, long entries,
      long estimatedBytes, long maximum, long maximumBytes) {}

  /** The figures of a replay, and the check of them. */
  public record Report(long calls, Duration elapsed, List<CacheFigures> caches, long heapBefore,
      long heapAfter, long heapGrowthLimit) {

    /** Returns how much the heap after collection grew over the run (negative if it shrank). */
    public long heapGrowth() {
      return heapAfter - heapBefore;
    }

    /**
     * Fails, listing every problem, if a cache is unbounded or over its bound, or the heap after
     * collection grew more than the limit; returns the report.
     */
    public Report assertNoLeak() {
      List<String> failures = new ArrayList<>();
      for (CacheFigures figures : caches) {
        if (figures.unbounded()) {
          failures.add(figures.cache() + " is unbounded and holds " + figures.entries()
              + " entries after " + calls + " unique keys.");
        } else if ((figures.maximum() >= 0) && (figures.entries() > figures.maximum())) {
          failures.add(figures.cache() + " holds " + figures.entries()
              + " entries, over its maximum of " + figures.maximum() + ".");
        } else if ((figures.maximumBytes() >= 0)
            && (figures.estimatedBytes() > figures.maximumBytes() * 13 / 10)) {
          failures.add(figures.cache() + " holds about "
              + LeakRules.bytes(figures.estimatedBytes()) + ", over 1.3 times its maximumMemory"
              + " of " + LeakRules.bytes(figures.maximumBytes()) + ".");
        }
      }
      if (heapGrowth() > heapGrowthLimit) {
        failures.add("the heap after collection grew by " + LeakRules.bytes(heapGrowth())
            + " over " + calls + " calls with unique keys, more than the limit of "
            + LeakRules.bytes(heapGrowthLimit) + ": something keeps every key (a cache without"
            + " a bound, or a map).");
      }
      if (!failures.isEmpty()) {
        throw new AssertionError("Larder leak replay: " + String.join(" ", failures)
            + "\n" + this);
      }
      return this;
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder(String.format(Locale.US,
          "Leak replay: %,d calls in %.1f s; heap after GC %s before, %s after (growth %s,"
              + " limit %s)", calls, elapsed.toMillis() / 1000.0, LeakRules.bytes(heapBefore),
          LeakRules.bytes(heapAfter), LeakRules.bytes(heapGrowth()),
          LeakRules.bytes(heapGrowthLimit)));
      for (CacheFigures figures : caches) {
        text.append(String.format(Locale.US, "%n  %s: %s, %,d entries, about %s",
            figures.cache(), figures.bound(), figures.entries(),
            LeakRules.bytes(figures.estimatedBytes())));
      }
      return text.toString();
    }
  }
}
