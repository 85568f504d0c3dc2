package io.larder.cache.guard;

import static io.larder.cache.guard.UnboundedGrowthGuardTest.guardInBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import io.larder.cache.Expiry;
import io.larder.cache.LeakGuard;
import io.larder.cache.LoadingCache;
import io.larder.cache.RemovalCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The unbounded-growth guard on caches bounded only by time (a Larder addition): a cache with
 * {@code expireAfterWrite}, {@code expireAfterAccess}, {@code expireAfter(Expiry)} or {@code
 * refreshAfterWrite} and no size bound holds everything written within its expiry window, so it is
 * watched with the same thresholds, warning and trim as a cache with no bound at all; the trim
 * evicts the entries that would expire first. With the guard off it keeps everything, as Caffeine
 * does. Thresholds are in bytes relative to this JVM's heap, with a manual ticker and a same-thread
 * executor.
 */
class ExpiringGrowthGuardTest {
  private static final int VALUE_BYTES = 1024;
  private static final int WRITES = 20_000;
  private static final long WARN = 1L << 20;
  private static final long LIMIT = 4L << 20;

  private static String key(int i) {
    return "request-" + i;
  }

  @Test
  void expireAfterWriteAloneWarnsOnceAndTrimsTheOldestWritesCountedAndNotified() {
    AtomicLong time = new AtomicLong();
    AtomicLong evictedByListener = new AtomicLong();
    ConcurrentLinkedQueue<RemovalCause> removed = new ConcurrentLinkedQueue<>();
    Cache<String, byte[]> cache =
        Caffeine.newBuilder()
            .name("expiring-incident")
            .expireAfterWrite(10, TimeUnit.MINUTES)
            .ticker(time::get)
            .executor(Runnable::run)
            .recordStats()
            .leakGuard(guardInBytes(WARN, LIMIT, 1_000))
            .evictionListener((k, v, cause) -> evictedByListener.incrementAndGet())
            .<String, byte[]>removalListener((k, v, cause) -> removed.add(cause))
            .build();
    for (int i = 0; i < WRITES; i++) {
      cache.put(key(i), new byte[VALUE_BYTES]);
      time.addAndGet(TimeUnit.MILLISECONDS.toNanos(1)); // 20 s in all: nothing expires
    }

    CacheInsight insight = CacheInsight.of(cache).orElseThrow();
    assertThat(insight.guardWarnings()).isEqualTo(2); // the warning, then the first trim
    long size = cache.estimatedSize();
    long perEntry = VALUE_BYTES + 150;
    assertThat(size * perEntry).isLessThan(LIMIT + 4096L * perEntry);
    long evictions = cache.stats().evictionCount();
    assertThat(evictions).isEqualTo(WRITES - size).isPositive();
    assertThat(evictedByListener.get()).isEqualTo(evictions);
    assertThat(removed).hasSize((int) evictions).containsOnly(RemovalCause.SIZE);
    // The oldest writes went: what is left is the most recent ones, without a gap.
    Set<String> expected =
        IntStream.range((int) (WRITES - size), WRITES)
            .mapToObj(ExpiringGrowthGuardTest::key)
            .collect(Collectors.toSet());
    assertThat(cache.asMap().keySet()).isEqualTo(expected);
    // The insight's estimate is the guard's sample, close to the real size.
    assertThat(insight.estimatedBytes()).isBetween(size * VALUE_BYTES, size * (VALUE_BYTES + 200L));
  }

  @Test
  void expireAfterAccessTrimsTheLeastRecentlyUsedAndKeepsTheHotKeys() {
    // 20 ms per write, so that each read of a hot key (every 100 writes) moves its access time
    // past the 1 s tolerance within which expiration leaves access times alone.
    AtomicLong time = new AtomicLong();
    Cache<String, byte[]> cache =
        Caffeine.newBuilder()
            .expireAfterAccess(10, TimeUnit.MINUTES)
            .ticker(time::get)
            .executor(Runnable::run)
            .recordStats()
            .leakGuard(guardInBytes(WARN, LIMIT, 1_000))
            .build();
    for (int i = 0; i < WRITES; i++) {
      cache.put(key(i), new byte[VALUE_BYTES]);
      time.addAndGet(TimeUnit.MILLISECONDS.toNanos(20));
      if (i % 100 == 99) {
        for (int hot = 0; hot < 10; hot++) {
          cache.getIfPresent(key(hot)); // twice: the read buffer may drop one read
          cache.getIfPresent(key(hot));
        }
      }
    }
    assertThat(cache.stats().evictionCount()).isPositive();
    assertThat(cache.estimatedSize() * VALUE_BYTES).isLessThan(LIMIT);
    assertThat(cache.asMap())
        .containsKeys(
            IntStream.range(0, 10).mapToObj(ExpiringGrowthGuardTest::key).toArray(String[]::new));
  }

  @Test
  void variableExpiryTrimsTheEntriesThatExpireSoonestNotTheOldest() {
    // Long-lived entries written first, then short-lived ones: the trim takes the short-lived
    // ones although they are younger.
    Expiry<String, byte[]> expiry =
        Expiry.creating(
            (key, value) ->
                key.startsWith("long-")
                    ? java.time.Duration.ofHours(1)
                    : java.time.Duration.ofMinutes(1));
    Cache<String, byte[]> cache =
        Caffeine.newBuilder()
            .expireAfter(expiry)
            .executor(Runnable::run)
            .recordStats()
            .leakGuard(guardInBytes(WARN, LIMIT, 1_000))
            .build();
    int longLived = 2_000; // about half the limit
    for (int i = 0; i < longLived; i++) {
      cache.put("long-" + i, new byte[VALUE_BYTES]);
    }
    for (int i = 0; i < WRITES; i++) {
      cache.put("short-" + i, new byte[VALUE_BYTES]);
    }
    assertThat(cache.stats().evictionCount()).isPositive();
    assertThat(cache.asMap())
        .containsKeys(
            IntStream.range(0, longLived).mapToObj(i -> "long-" + i).toArray(String[]::new));
  }

  @Test
  void bothFixedExpirationsTrimInExpirationOrder() {
    // expireAfterWrite(1 h) and expireAfterAccess(10 min): the entries written first and never
    // read expire first by access, so they go first.
    AtomicLong time = new AtomicLong();
    Cache<String, byte[]> cache =
        Caffeine.newBuilder()
            .expireAfterWrite(1, TimeUnit.HOURS)
            .expireAfterAccess(10, TimeUnit.MINUTES)
            .ticker(time::get)
            .executor(Runnable::run)
            .recordStats()
            .leakGuard(guardInBytes(WARN, LIMIT, 1_000))
            .build();
    for (int i = 0; i < WRITES; i++) {
      cache.put(key(i), new byte[VALUE_BYTES]);
      time.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
    }
    long size = cache.estimatedSize();
    assertThat(cache.stats().evictionCount()).isEqualTo(WRITES - size).isPositive();
    assertThat(cache.asMap().keySet())
        .isEqualTo(
            IntStream.range((int) (WRITES - size), WRITES)
                .mapToObj(ExpiringGrowthGuardTest::key)
                .collect(Collectors.toSet()));
  }

  @Test
  void refreshAfterWriteAloneIsWatched() {
    LoadingCache<String, byte[]> cache =
        Caffeine.newBuilder()
            .refreshAfterWrite(10, TimeUnit.MINUTES)
            .executor(Runnable::run)
            .recordStats()
            .leakGuard(guardInBytes(WARN, LIMIT, 1_000))
            .build(k -> new byte[VALUE_BYTES]);
    for (int i = 0; i < WRITES; i++) {
      cache.get(key(i));
    }
    assertThat(cache.stats().evictionCount()).isPositive();
    assertThat(cache.estimatedSize() * VALUE_BYTES).isLessThan(LIMIT);
    assertThat(CacheInsight.of(cache).orElseThrow().guardWarnings()).isEqualTo(2);
  }

  @Test
  void loadsInFlightOfAnExpiringAsyncCacheAreNeverTrimmed() {
    AsyncCache<String, byte[]> cache =
        Caffeine.newBuilder()
            .expireAfterWrite(10, TimeUnit.MINUTES)
            .executor(Runnable::run)
            .leakGuard(guardInBytes(WARN, LIMIT, 1_000))
            .buildAsync();
    List<CompletableFuture<byte[]>> pending = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      pending.add(cache.get("pending-" + i, (k, e) -> new CompletableFuture<>()));
    }
    for (int i = 0; i < WRITES; i++) {
      cache.put(key(i), CompletableFuture.completedFuture(new byte[VALUE_BYTES]));
    }
    assertThat(cache.synchronous().estimatedSize() * VALUE_BYTES)
        .isLessThan(LIMIT + 4096L * VALUE_BYTES);
    assertThat(CacheInsight.of(cache).orElseThrow().guardWarnings()).isEqualTo(2);
    for (int i = 0; i < 100; i++) {
      assertThat(cache.getIfPresent("pending-" + i)).isSameAs(pending.get(i));
    }
  }

  @Test
  void withTheGuardOffAnExpiringCacheKeepsEverythingAsCaffeineDoes() {
    Cache<String, byte[]> larder =
        Caffeine.newBuilder()
            .expireAfterWrite(10, TimeUnit.MINUTES)
            .recordStats()
            .leakGuard(LeakGuard.disabled())
            .build();
    com.github.benmanes.caffeine.cache.Cache<String, byte[]> caffeine =
        com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
            .expireAfterWrite(10, TimeUnit.MINUTES)
            .recordStats()
            .build();
    for (int i = 0; i < WRITES; i++) {
      larder.put(key(i), new byte[VALUE_BYTES]);
      caffeine.put(key(i), new byte[VALUE_BYTES]);
    }
    larder.cleanUp();
    caffeine.cleanUp();
    assertThat(larder.estimatedSize()).isEqualTo(caffeine.estimatedSize()).isEqualTo(WRITES);
    assertThat(larder.stats().evictionCount()).isEqualTo(caffeine.stats().evictionCount()).isZero();
    assertThat(CacheInsight.of(larder).orElseThrow().guardWarnings()).isZero();
  }

  @Test
  void aCacheWithASizeBoundAndExpirationIsLeftToItsBound() {
    Cache<String, byte[]> cache =
        Caffeine.newBuilder()
            .maximumSize(WRITES)
            .expireAfterWrite(10, TimeUnit.MINUTES)
            .executor(Runnable::run)
            .recordStats()
            .leakGuard(guardInBytes(WARN, LIMIT, 1_000))
            .build();
    for (int i = 0; i < WRITES; i++) {
      cache.put(key(i), new byte[VALUE_BYTES]);
    }
    assertThat(cache.estimatedSize()).isEqualTo(WRITES);
    assertThat(CacheInsight.of(cache).orElseThrow().guardWarnings()).isZero();
  }
}
