package io.larder.cache.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.larder.cache.AsyncCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import io.larder.cache.LeakGuard;
import io.larder.cache.LoadingCache;
import io.larder.cache.RemovalCause;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The unbounded-cache guard (a Larder addition): one warning past the warning threshold, eviction
 * with cause SIZE past the limit, and nothing at all when the guard is off (Caffeine's behaviour).
 * Thresholds are set in bytes relative to this JVM's maximum heap, so the tests do not depend on
 * the test JVM's {@code -Xmx}.
 */
class UnboundedGrowthGuardTest {
  private static final int VALUE_BYTES = 1024;

  /** A guard that warns past {@code warnBytes} and trims past {@code limitBytes}. */
  static LeakGuard guardInBytes(long warnBytes, long limitBytes, int churnThreshold) {
    double max = Runtime.getRuntime().maxMemory();
    return LeakGuard.of(warnBytes / max, limitBytes / max, churnThreshold);
  }

  private static void fill(Cache<String, byte[]> cache, int entries) {
    for (int i = 0; i < entries; i++) {
      cache.put("request-" + i, new byte[VALUE_BYTES]);
    }
  }

  @Test
  void warnsOnceAndTrimsBelowTheLimitWithSizeEvictionsCountedAndNotified() {
    ConcurrentLinkedQueue<RemovalCause> removed = new ConcurrentLinkedQueue<>();
    AtomicLong evictedByListener = new AtomicLong();
    long limit = 4L << 20;
    Cache<String, byte[]> cache =
        Caffeine.newBuilder()
            .name("incident")
            .executor(Runnable::run)
            .recordStats()
            .leakGuard(guardInBytes(1L << 20, limit, 1_000))
            .evictionListener((k, v, cause) -> evictedByListener.incrementAndGet())
            .<String, byte[]>removalListener((k, v, cause) -> removed.add(cause))
            .build();
    fill(cache, 20_000);

    CacheInsight insight = CacheInsight.of(cache).orElseThrow();
    assertThat(insight.guardWarnings()).isEqualTo(2); // the warning, then the first trim
    long perEntry = VALUE_BYTES + 100;
    assertThat(cache.estimatedSize() * perEntry).isLessThan(limit + 4096L * perEntry);
    assertThat(insight.estimatedBytes())
        .isBetween(
            cache.estimatedSize() * VALUE_BYTES, cache.estimatedSize() * (VALUE_BYTES + 200L));
    long evictions = cache.stats().evictionCount();
    assertThat(evictions).isEqualTo(20_000 - cache.estimatedSize()).isPositive();
    assertThat(evictedByListener.get()).isEqualTo(evictions);
    assertThat(removed).hasSize((int) evictions).containsOnly(RemovalCause.SIZE);
  }

  @Test
  void aPerEntryMemoryCapAloneIsNoBoundAndTheGuardTrimsTheCache() {
    ConcurrentLinkedQueue<RemovalCause> removed = new ConcurrentLinkedQueue<>();
    long limit = 4L << 20;
    Cache<String, byte[]> cache =
        Caffeine.newBuilder()
            .name("entry-capped-incident")
            .maximumEntryMemory(1 << 20)
            .executor(Runnable::run)
            .recordStats()
            .leakGuard(guardInBytes(1L << 20, limit, 1_000))
            .<String, byte[]>removalListener((k, v, cause) -> removed.add(cause))
            .build();
    CacheInsight insight = CacheInsight.of(cache).orElseThrow();
    assertThat(insight.isBounded()).isFalse();
    fill(cache, 20_000);

    assertThat(insight.guardWarnings()).isEqualTo(2); // the warning, then the first trim
    long perEntry = VALUE_BYTES + 100;
    assertThat(cache.estimatedSize() * perEntry).isLessThan(limit + 4096L * perEntry);
    long evictions = cache.stats().evictionCount();
    assertThat(evictions).isEqualTo(20_000 - cache.estimatedSize()).isPositive();
    assertThat(removed).hasSize((int) evictions).containsOnly(RemovalCause.SIZE);
  }

  @Test
  void aPerEntryMemoryCapAloneIsGuardedInAnAsyncCacheToo() {
    AsyncCache<String, byte[]> cache =
        Caffeine.newBuilder()
            .maximumEntryMemory(1 << 20)
            .executor(Runnable::run)
            .leakGuard(guardInBytes(1L << 20, 2L << 20, 1_000))
            .buildAsync();
    assertThat(CacheInsight.of(cache).orElseThrow().isBounded()).isFalse();
    for (int i = 0; i < 20_000; i++) {
      cache.put("k" + i, CompletableFuture.completedFuture(new byte[VALUE_BYTES]));
    }
    assertThat(cache.synchronous().estimatedSize()).isLessThan((2L << 20) / VALUE_BYTES + 4096);
    assertThat(CacheInsight.of(cache).orElseThrow().guardWarnings()).isEqualTo(2);
  }

  @Test
  void aPerEntryMemoryCapWithATotalBoundIsBoundedAndNotWatched() {
    Cache<String, byte[]> cache =
        Caffeine.newBuilder()
            .maximumMemory(64L << 20)
            .maximumEntryMemory(1 << 20)
            .executor(Runnable::run)
            .leakGuard(guardInBytes(1L << 20, 2L << 20, 1_000))
            .build();
    CacheInsight insight = CacheInsight.of(cache).orElseThrow();
    assertThat(insight.isBounded()).isTrue();
    fill(cache, 10_000);
    // Ten MB in a 64 MB budget: the guard's 2 MB limit is not this cache's concern.
    assertThat(cache.estimatedSize()).isEqualTo(10_000);
    assertThat(insight.guardWarnings()).isZero();
  }

  @Test
  void belowTheWarningThresholdNothingIsLoggedOrEvicted() {
    Cache<String, byte[]> cache =
        Caffeine.newBuilder()
            .recordStats()
            .leakGuard(guardInBytes(64L << 20, 128L << 20, 1_000))
            .build();
    fill(cache, 10_000);
    assertThat(cache.estimatedSize()).isEqualTo(10_000);
    assertThat(cache.stats().evictionCount()).isZero();
    assertThat(CacheInsight.of(cache).orElseThrow().guardWarnings()).isZero();
  }

  @Test
  void disabledGuardKeepsEverythingAsCaffeineDoes() {
    Cache<String, byte[]> cache =
        Caffeine.newBuilder().recordStats().leakGuard(LeakGuard.disabled()).build();
    fill(cache, 20_000);
    assertThat(cache.estimatedSize()).isEqualTo(20_000);
    assertThat(cache.stats().evictionCount()).isZero();
    CacheInsight insight = CacheInsight.of(cache).orElseThrow();
    assertThat(insight.guardWarnings()).isZero();
    // The guard samples nothing as the cache is written; the insight still estimates on demand,
    // because issue 6 wants the estimate readable for every cache (metrics report it).
    assertThat(insight.estimatedBytes()).isGreaterThan(20_000L * 1024);
  }

  @Test
  void systemPropertyOffDisablesTheGuardForCachesBuiltWhileItIsSet() {
    double max = Runtime.getRuntime().maxMemory();
    Map<String, String> properties =
        Map.of(
            "larder.guard", "off",
            // thresholds that the fill below would cross many times over, were the guard on
            "larder.guard.warnHeapFraction", String.valueOf(256 * 1024 / max),
            "larder.guard.limitHeapFraction", String.valueOf(512 * 1024 / max));
    Map<String, String> previous = new HashMap<>();
    properties.forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
    Cache<String, byte[]> cache;
    try {
      cache = Caffeine.newBuilder().recordStats().build();
    } finally {
      previous.forEach(
          (name, value) -> {
            if (value == null) {
              System.clearProperty(name);
            } else {
              System.setProperty(name, value);
            }
          });
    }
    fill(cache, 20_000);
    assertThat(cache.estimatedSize()).isEqualTo(20_000);
    assertThat(cache.stats().evictionCount()).isZero();
    assertThat(CacheInsight.of(cache).orElseThrow().guardWarnings()).isZero();
  }

  @Test
  void estimatedBytesOfAnUnboundedCacheComesFromASample() {
    Cache<String, byte[]> cache = Caffeine.newBuilder().build();
    fill(cache, 5_000);
    long estimate = CacheInsight.of(cache).orElseThrow().estimatedBytes();
    assertThat(estimate).isBetween(5_000L * VALUE_BYTES, 5_000L * (VALUE_BYTES + 200));
  }

  @Test
  void everyWriteKindIsWatched() {
    LeakGuard guard = guardInBytes(1L << 20, 2L << 20, 1_000);
    Cache<String, byte[]> computing = Caffeine.newBuilder().leakGuard(guard).build();
    LoadingCache<String, byte[]> loading =
        Caffeine.newBuilder().leakGuard(guard).build(k -> new byte[VALUE_BYTES]);
    AsyncCache<String, byte[]> async = Caffeine.newBuilder().leakGuard(guard).buildAsync();
    ConcurrentHashMap<String, byte[]> reference = new ConcurrentHashMap<>();
    for (int i = 0; i < 20_000; i++) {
      String key = "k" + i;
      computing.get(key, k -> new byte[VALUE_BYTES]);
      computing.asMap().merge(key + "m", new byte[VALUE_BYTES], (a, b) -> b);
      computing.asMap().putIfAbsent(key + "p", new byte[VALUE_BYTES]);
      loading.get(key);
      async.put(key, CompletableFuture.completedFuture(new byte[VALUE_BYTES]));
      reference.put(key, new byte[0]);
    }
    long bound = (2L << 20) / VALUE_BYTES + 4096;
    assertThat(computing.estimatedSize()).isLessThan(bound);
    assertThat(loading.estimatedSize()).isLessThan(bound);
    assertThat(async.synchronous().estimatedSize()).isLessThan(bound);
    assertThat(CacheInsight.of(async).orElseThrow().guardWarnings()).isEqualTo(2);
    assertThat(reference).hasSize(20_000);
  }

  @Test
  void loadsThatNeverCompleteAreCountedNeverEvictedAndDoNotHoldBackTrimming() {
    AsyncCache<String, byte[]> cache =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .leakGuard(guardInBytes(1L << 20, 2L << 20, 1_000))
            .buildAsync();
    List<CompletableFuture<byte[]>> pending = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      pending.add(cache.get("pending-" + i, (k, e) -> new CompletableFuture<>()));
    }
    for (int i = 0; i < 20_000; i++) {
      cache.put("k" + i, CompletableFuture.completedFuture(new byte[VALUE_BYTES]));
    }
    CacheInsight insight = CacheInsight.of(cache).orElseThrow();
    assertThat(cache.synchronous().estimatedSize()).isLessThan((2L << 20) / VALUE_BYTES + 4096);
    assertThat(insight.guardWarnings()).isEqualTo(2);
    assertThat(insight.loadsInFlight()).isEqualTo(100);
    for (int i = 0; i < 100; i++) {
      assertThat(cache.getIfPresent("pending-" + i)).isSameAs(pending.get(i));
    }
  }

  @Test
  void leakGuardMayBeSetOnlyOnce() {
    Caffeine<Object, Object> builder = Caffeine.newBuilder().leakGuard(LeakGuard.disabled());
    assertThatThrownBy(() -> builder.leakGuard(LeakGuard.disabled()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("leakGuard");
    assertThatThrownBy(() -> Caffeine.newBuilder().leakGuard(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void churnWarningIsCountedInTheCacheThatCrossedTheThreshold() {
    LeakGuard guard = guardInBytes(1L << 30, 1L << 30, 5);
    List<Cache<Integer, Integer>> live = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      live.add(Caffeine.newBuilder().leakGuard(guard).build());
    }
    long[] warnings =
        live.stream().mapToLong(c -> CacheInsight.of(c).orElseThrow().guardWarnings()).toArray();
    assertThat(warnings).containsExactly(0, 0, 0, 0, 0, 1, 0, 0);
  }

  @Test
  void churnIsNotTrackedWhenTheGuardIsOff() {
    List<Cache<Integer, Integer>> live = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      live.add(Caffeine.newBuilder().leakGuard(LeakGuard.disabled()).maximumSize(10).build());
    }
    assertThat(live).allMatch(c -> CacheInsight.of(c).orElseThrow().guardWarnings() == 0);
  }
}
