package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.MemoryBudget;
import io.larder.cache.RemovalCause;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The heap safety net's decisions, driven by a stand-in for the JVM's pool: a crossing of the
 * threshold makes the cache give back a share of what it holds (cause SIZE), reads never look at
 * the pool, and the outcome is logged once per cache after the next collection. {@code
 * HeapSafetyNetScenario} checks the net against the real JVM in a forked small heap.
 */
class HeapSafetyNetTest {
  private static final long MB = 1L << 20;

  private final Logger julLogger = Logger.getLogger(HeapSafetyNet.class.getName());
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void captureLog() {
    julLogger.addHandler(handler);
  }

  @AfterEach
  void releaseLog() {
    julLogger.removeHandler(handler);
  }

  /** A pool whose figures the test sets; counts how often the net read the crossing count. */
  static final class FakeGauge implements HeapSafetyNet.Gauge {
    long crossings;
    long heapAfterGc = 100 * MB;
    long reads;

    @Override
    public long crossings() {
      reads++;
      return crossings;
    }

    @Override
    public long heapAfterGc() {
      return heapAfterGc;
    }

    @Override
    public long threshold() {
      return 850 * MB;
    }

    @Override
    public long maximum() {
      return 1000 * MB;
    }

    @Override
    public String name() {
      return "Test Old Gen";
    }
  }

  private final List<RemovalCause> removals = new ArrayList<>();
  private final FakeGauge gauge = new FakeGauge();

  private Cache<Integer, byte[]> cacheWithNet() {
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder()
            .name("under-estimated")
            .maximumMemory(64 * MB)
            .executor(Runnable::run)
            .recordStats()
            .removalListener((Integer k, byte[] v, RemovalCause cause) -> removals.add(cause))
            .build();
    BoundedLocalCache<Integer, byte[]> storage =
        (BoundedLocalCache<Integer, byte[]>) ((LocalManualCache<Integer, byte[]>) cache).cache;
    storage.policy.setExternalBound(
        new HeapSafetyNet<>(null, storage.policy, gauge, "under-estimated"));
    return cache;
  }

  private static long weightedSize(Cache<Integer, byte[]> cache) {
    return cache.policy().eviction().orElseThrow().weightedSize().orElseThrow();
  }

  @Test
  void aCrossingMakesTheCacheGiveBackAShareOfWhatItHoldsWithCauseSize() {
    Cache<Integer, byte[]> cache = cacheWithNet();
    for (int i = 0; i < 1_000; i++) {
      cache.put(i, new byte[1_000]);
    }
    cache.cleanUp();
    long before = weightedSize(cache);
    assertThat(cache.estimatedSize()).isEqualTo(1_000);

    // Heap after GC at the threshold (85% of the pool): 25% must go to reach 75% of it.
    gauge.crossings = 1;
    gauge.heapAfterGc = 850 * MB;
    for (int i = 1_000; i < 1_000 + HeapSafetyNet.CHECK_EVERY; i++) {
      cache.put(i, new byte[1_000]);
    }
    cache.cleanUp();

    // The trim happens at one of the 16 writes, with 1,000 to 1,016 entries: a quarter goes.
    long entry = before / 1_000;
    assertThat(cache.estimatedSize()).isBetween(750L, 1_016 * 3 / 4 + 16L);
    assertThat(weightedSize(cache)).isBetween(750 * entry, (1_016 * 3 / 4 + 16) * entry);
    assertThat(cache.stats().evictionCount()).isBetween(250L, 254L);
    assertThat(removals)
        .containsOnly(RemovalCause.SIZE)
        .hasSize((int) cache.stats().evictionCount());
    assertThat(records).isEmpty(); // the outcome is known after the next collection

    // Without a new crossing, nothing more is given back.
    long evicted = cache.stats().evictionCount();
    for (int i = 2_000; i < 2_000 + 4 * HeapSafetyNet.CHECK_EVERY; i++) {
      cache.put(i, new byte[1_000]);
    }
    cache.cleanUp();
    assertThat(cache.stats().evictionCount()).isEqualTo(evicted);
  }

  @Test
  void theShareFollowsTheExcessUpToHalf() {
    // (heap after GC - 75% of the threshold) / heap after GC: (1063 - 637.5) / 1063 = 40%.
    assertThat(entriesAfterACrossingAt(1063 * MB)).isBetween(600L, 1_016 * 6 / 10 + 16L);
    // (5000 - 637.5) / 5000 = 87%, capped at half.
    assertThat(entriesAfterACrossingAt(5000 * MB)).isBetween(500L, 1_016 / 2 + 16L);
  }

  /**
   * Returns the entries left after 1,000 entries, a crossing with the heap after GC at {@code
   * heapAfterGc} and 16 more writes (the trim happens at one of them, after 1,000 to 1,016).
   */
  private long entriesAfterACrossingAt(long heapAfterGc) {
    gauge.crossings = 0;
    Cache<Integer, byte[]> cache = cacheWithNet();
    for (int i = 0; i < 1_000; i++) {
      cache.put(i, new byte[1_000]);
    }
    gauge.crossings = 1;
    gauge.heapAfterGc = heapAfterGc;
    for (int i = 1_000; i < 1_000 + HeapSafetyNet.CHECK_EVERY; i++) {
      cache.put(i, new byte[1_000]);
    }
    cache.cleanUp();
    return cache.estimatedSize();
  }

  @Test
  void cachesOnASharedBudgetEachGiveBackTheirShareAndTheBudgetFollows() {
    MemoryBudget budget = MemoryBudget.ofBytes(64 * MB);
    Cache<Integer, byte[]> large = onBudget(budget);
    Cache<Integer, byte[]> small = onBudget(budget);
    for (int i = 0; i < 1_000; i++) {
      large.put(i, new byte[1_000]);
      if (i < 500) {
        small.put(i, new byte[1_000]);
      }
    }
    gauge.crossings = 1;
    gauge.heapAfterGc = 850 * MB; // a quarter must go
    for (int i = 0; i < HeapSafetyNet.CHECK_EVERY; i++) {
      large.put(10_000 + i, new byte[1_000]);
      small.put(10_000 + i, new byte[1_000]);
    }
    large.cleanUp();
    small.cleanUp();

    assertThat(large.estimatedSize()).isBetween(750L, 1_016 * 3 / 4 + 16L);
    assertThat(small.estimatedSize()).isBetween(375L, 516 * 3 / 4 + 16L);
    assertThat(budget.estimatedBytes()).isEqualTo(weightedSize(large) + weightedSize(small));
  }

  /** A cache on the budget whose net (over its budget member) reads the stand-in pool. */
  private Cache<Integer, byte[]> onBudget(MemoryBudget budget) {
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder().memoryBudget(budget).executor(Runnable::run).build();
    BoundedLocalCache<Integer, byte[]> storage =
        (BoundedLocalCache<Integer, byte[]>) ((LocalManualCache<Integer, byte[]>) cache).cache;
    HeapSafetyNet<?, ?> jvmNet = (HeapSafetyNet<?, ?>) storage.policy.externalBound();
    assertThat(jvmNet.delegate()).isInstanceOf(SharedBudgetMember.class);
    storage.policy.setExternalBound(
        new HeapSafetyNet<>(jvmNet.delegate(), storage.policy, gauge, "on-budget"));
    return cache;
  }

  @Test
  void readsNeverReadThePool() {
    Cache<Integer, byte[]> cache = cacheWithNet();
    for (int i = 0; i < 100; i++) {
      cache.put(i, new byte[1_000]);
    }
    cache.cleanUp();
    long reads = gauge.reads;
    gauge.crossings = 1;
    gauge.heapAfterGc = 950 * MB;
    for (int round = 0; round < 1_000; round++) {
      for (int i = 0; i < 100; i++) {
        cache.getIfPresent(i);
      }
    }
    cache.cleanUp();
    assertThat(gauge.reads).isEqualTo(reads);
    assertThat(cache.estimatedSize()).isEqualTo(100);
  }

  @Test
  void theOutcomeIsLoggedOnceAfterTheNextCollectionWithEstimateAndFreed() {
    Cache<Integer, byte[]> cache = cacheWithNet();
    for (int i = 0; i < 1_000; i++) {
      cache.put(i, new byte[10_000]);
    }
    gauge.crossings = 1;
    gauge.heapAfterGc = 950 * MB;
    int key = 1_000;
    for (int i = 0; i < HeapSafetyNet.CHECK_EVERY; i++) {
      cache.put(key++, new byte[10_000]);
    }
    assertThat(records).isEmpty();

    gauge.heapAfterGc = 700 * MB; // the next collection freed 250 MB, the estimate was ~2 MB
    for (int i = 0; i < HeapSafetyNet.CHECK_EVERY; i++) {
      cache.put(key++, new byte[10_000]);
    }
    assertThat(records).hasSize(1);
    LogRecord record = records.get(0);
    assertThat(record.getLevel()).isEqualTo(Level.WARNING);
    assertThat(record.getMessage())
        .contains(
            "'under-estimated'",
            "Test Old Gen",
            "950.0 MiB",
            "850.0 MiB",
            "gave back 33%",
            "700.0 MiB",
            "freed 250.0 MiB",
            "times its estimate",
            "-Dlarder.memory.heapAfterGcThreshold");

    // Another crossing trims again, but is not logged again.
    gauge.crossings = 2;
    gauge.heapAfterGc = 900 * MB;
    long evicted = cache.stats().evictionCount();
    for (int i = 0; i < 3 * HeapSafetyNet.CHECK_EVERY; i++) {
      cache.put(key++, new byte[10_000]);
    }
    cache.cleanUp();
    assertThat(cache.stats().evictionCount()).isGreaterThan(evicted);
    assertThat(records).hasSize(1);
  }
}
