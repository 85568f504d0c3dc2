package io.larder.test;

import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.stats.CacheStats;
import java.util.Locale;

/**
 * Assertions on one Larder cache, for direct use in a test:
 *
 * <pre>{@code
 * CacheAssertions.assertThat(service.cache())
 *     .isBounded()
 *     .hasNoGuardWarnings()
 *     .estimatedBytesAtMost(16L << 20)
 *     .hasHitRateAtLeast(0.8);
 * }</pre>
 *
 * A failure is an {@link AssertionError} whose message names the cache (its name or build site).
 */
public final class CacheAssertions {
  private CacheAssertions() {}

  /** Starts assertions on a Larder {@code Cache}, {@code AsyncCache} or their loading forms. */
  public static CacheAssert assertThat(Object cache) {
    return new CacheAssert(cache);
  }

  /** The assertions on one cache; each returns {@code this} for chaining. */
  public static final class CacheAssert {
    private final Object cache;
    private final CacheInsight insight;

    CacheAssert(Object cache) {
      this.cache = cache;
      this.insight = LeakRules.insight(cache);
    }

    /** Asserts that the cache has a size, weight or memory bound, or expires its entries. */
    public CacheAssert isBounded() {
      if (LeakRules.isUnbounded(cache)) {
        throw new AssertionError(LeakRules.unbounded(insight));
      }
      return this;
    }

    /** Asserts that Larder's leak guards raised no warning about the cache. */
    public CacheAssert hasNoGuardWarnings() {
      long warnings = insight.guardWarnings();
      if (warnings != 0) {
        throw new AssertionError(
            LeakRules.label(insight)
                + " raised "
                + warnings
                + " leak-guard warning(s); the log has their text.");
      }
      return this;
    }

    /** Asserts that the cache's estimated retained size is at most {@code bytes}. */
    public CacheAssert estimatedBytesAtMost(long bytes) {
      long estimated = insight.estimatedBytes();
      if (estimated > bytes) {
        throw new AssertionError(
            LeakRules.label(insight)
                + " holds about "
                + LeakRules.bytes(estimated)
                + " ("
                + estimated
                + " bytes), more than "
                + LeakRules.bytes(bytes)
                + " ("
                + bytes
                + " bytes).");
      }
      return this;
    }

    /**
     * Asserts that the cache's hit rate is at least {@code rate} (0 to 1); the cache must record
     * statistics ({@code Caffeine.recordStats()}) and have been read.
     */
    public CacheAssert hasHitRateAtLeast(double rate) {
      if (!(rate >= 0.0 && rate <= 1.0)) {
        throw new IllegalArgumentException("rate must be between 0 and 1, was " + rate);
      }
      Cache<?, ?> sync = LeakRules.synchronous(cache).orElseThrow();
      if (!sync.policy().isRecordingStats()) {
        throw new AssertionError(
            LeakRules.label(insight)
                + " does not record statistics: build "
                + "it with Caffeine.recordStats() to assert its hit rate.");
      }
      CacheStats stats = sync.stats();
      if (stats.requestCount() == 0) {
        throw new AssertionError(
            LeakRules.label(insight) + " was never read, so it has no " + "hit rate.");
      }
      if (stats.hitRate() < rate) {
        throw new AssertionError(
            String.format(
                Locale.US,
                "%s has a hit rate of %.3f (%d hits of %d reads), below %.3f.",
                LeakRules.label(insight),
                stats.hitRate(),
                stats.hitCount(),
                stats.requestCount(),
                rate));
      }
      return this;
    }
  }
}
