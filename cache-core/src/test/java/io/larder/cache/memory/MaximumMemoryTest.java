package io.larder.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import io.larder.cache.Policy;
import io.larder.cache.RemovalCause;
import io.larder.cache.internal.memory.SizeEstimator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A {@code maximumMemory} cache (a Larder addition): a weighted cache whose weights are bytes. */
class MaximumMemoryTest {
  private static final long BUDGET = 1 << 20;

  @Test
  void estimatedTotalStaysWithinBudgetAfterRandomWrites() {
    Cache<Integer, Object> cache =
        Caffeine.newBuilder().maximumMemory(BUDGET).executor(Runnable::run).build();
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 5_000; i++) {
      cache.put(random.nextInt(2_000), randomValue(random));
      if (i % 500 == 0) {
        cache.cleanUp();
        assertWithinBudgetAndExact(cache);
      }
    }
    cache.cleanUp();
    assertWithinBudgetAndExact(cache);
    assertThat(cache.estimatedSize()).isPositive();
  }

  @Test
  void policyIsWeightedInBytes() {
    Cache<String, byte[]> cache =
        Caffeine.newBuilder().maximumMemory(BUDGET).executor(Runnable::run).build();
    byte[] value = new byte[10_000];
    cache.put("key", value);
    Policy.Eviction<String, byte[]> eviction = cache.policy().eviction().orElseThrow();
    assertThat(eviction.isWeighted()).isTrue();
    assertThat(eviction.getMaximum()).isEqualTo(BUDGET);
    long payload = SizeEstimator.forCurrentJvm().estimate("key", value);
    int weight = eviction.weightOf("key").orElseThrow();
    assertThat(weight)
        .as("the value, the key and the cache's own structures")
        .isGreaterThan((int) payload)
        .isLessThan((int) payload + 200);
    assertThat(CacheInsight.of(cache).orElseThrow().estimatedBytes()).isEqualTo(weight);
    assertThat(CacheInsight.of(cache).orElseThrow().maximumBytes()).hasValue(BUDGET);
    assertThat(CacheInsight.of(cache).orElseThrow().isBounded()).isTrue();
  }

  @Test
  void replacementAndRemovalsKeepTheEstimateExact() {
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder().maximumMemory(BUDGET).executor(Runnable::run).build();
    CacheInsight insight = CacheInsight.of(cache).orElseThrow();
    cache.put(1, new byte[1_000]);
    cache.put(2, new byte[2_000]);
    cache.put(1, new byte[5_000]);
    cache.cleanUp();
    assertWithinBudgetAndExact(cache);
    cache.invalidate(2);
    cache.cleanUp();
    assertWithinBudgetAndExact(cache);
    cache.asMap().computeIfPresent(1, (k, v) -> new byte[100]);
    cache.cleanUp();
    assertWithinBudgetAndExact(cache);
    cache.invalidateAll();
    cache.cleanUp();
    assertThat(insight.estimatedBytes()).isZero();
  }

  @Test
  void evictsWithCauseSizeWhenOverBudget() {
    List<RemovalCause> causes = new ArrayList<>();
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder()
            .maximumMemory(100_000)
            .executor(Runnable::run)
            .recordStats()
            .removalListener((Integer k, byte[] v, RemovalCause cause) -> causes.add(cause))
            .build();
    for (int i = 0; i < 50; i++) {
      cache.put(i, new byte[10_000]);
    }
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isLessThan(10);
    assertThat(causes).isNotEmpty().containsOnly(RemovalCause.SIZE);
    assertThat(cache.stats().evictionCount()).isEqualTo(causes.size());
    assertThat(cache.stats().evictionWeight()).isGreaterThan(causes.size() * 10_000L);
  }

  @Test
  void maximumHeapFractionIsThatShareOfTheMaximumHeap() {
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder().maximumHeapFraction(0.01).executor(Runnable::run).build();
    long expected = (long) (Runtime.getRuntime().maxMemory() * 0.01);
    assertThat(cache.policy().eviction().orElseThrow().getMaximum()).isEqualTo(expected);
    assertThat(CacheInsight.of(cache).orElseThrow().maximumBytes()).hasValue(expected);
  }

  @Test
  void specMaximumMemoryBuildsAMemoryBoundedCache() {
    Cache<Integer, byte[]> cache =
        Caffeine.from("maximumMemory=64k").executor(Runnable::run).<Integer, byte[]>build();
    for (int i = 0; i < 100; i++) {
      cache.put(i, new byte[4_000]);
    }
    cache.cleanUp();
    assertThat(CacheInsight.of(cache).orElseThrow().estimatedBytes()).isLessThanOrEqualTo(65_536);
    assertThat(cache.policy().eviction().orElseThrow().getMaximum()).isEqualTo(65_536);
  }

  @Test
  void setMaximumInBytesShrinksTheCache() {
    Cache<Integer, byte[]> cache =
        Caffeine.newBuilder().maximumMemory(BUDGET).executor(Runnable::run).build();
    for (int i = 0; i < 50; i++) {
      cache.put(i, new byte[10_000]);
    }
    cache.policy().eviction().orElseThrow().setMaximum(50_000);
    cache.cleanUp();
    assertThat(CacheInsight.of(cache).orElseThrow().estimatedBytes()).isLessThanOrEqualTo(50_000);
    assertThat(CacheInsight.of(cache).orElseThrow().maximumBytes()).hasValue(50_000);
  }

  static Object randomValue(SplittableRandom random) {
    return switch (random.nextInt(3)) {
      case 0 -> new byte[random.nextInt(20_000)];
      case 1 -> "v".repeat(random.nextInt(5_000));
      default -> List.of(random.nextInt(), "x".repeat(random.nextInt(500)), new long[10]);
    };
  }

  static <K> void assertWithinBudgetAndExact(Cache<K, ?> cache) {
    CacheInsight insight = CacheInsight.of(cache).orElseThrow();
    Policy.Eviction<K, ?> eviction = cache.policy().eviction().orElseThrow();
    long sum = 0;
    for (Map.Entry<K, ?> entry : cache.asMap().entrySet()) {
      sum += eviction.weightOf(entry.getKey()).orElseThrow();
    }
    assertThat(insight.estimatedBytes()).isEqualTo(sum).isLessThanOrEqualTo(eviction.getMaximum());
    assertThat(eviction.weightedSize()).hasValue(sum);
  }
}
