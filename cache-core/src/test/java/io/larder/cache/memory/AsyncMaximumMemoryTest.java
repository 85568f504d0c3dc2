package io.larder.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Caffeine;
import io.larder.cache.MemoryBudget;
import io.larder.cache.Policy;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Asynchronous caches with memory bounds (a Larder addition): the async adapter's weigher of
 * futures wraps the memory weigher, so a future weighs its value's bytes once complete and 0 while
 * in flight.
 */
class AsyncMaximumMemoryTest {

  @Test
  void inFlightFutureWeighsZeroAndItsValueOnceComplete() {
    AsyncCache<Integer, byte[]> cache =
        Caffeine.newBuilder().maximumMemory(1 << 20).executor(Runnable::run).buildAsync();
    CompletableFuture<byte[]> future = new CompletableFuture<>();
    cache.put(1, future);
    Policy.Eviction<Integer, byte[]> eviction =
        cache.synchronous().policy().eviction().orElseThrow();
    assertThat(eviction.isWeighted()).isTrue();
    assertThat(eviction.weightOf(1)).hasValue(0);
    assertThat(CacheInsight.of(cache).orElseThrow().estimatedBytes()).isZero();

    future.complete(new byte[10_000]);
    cache.synchronous().cleanUp();
    assertThat(eviction.weightOf(1).orElseThrow()).isGreaterThan(10_000);
    assertThat(CacheInsight.of(cache).orElseThrow().estimatedBytes())
        .isEqualTo(eviction.weightOf(1).orElseThrow());
  }

  @Test
  void boundHoldsForCompletedLoads() {
    AsyncLoadingCache<Integer, byte[]> cache =
        Caffeine.newBuilder()
            .maximumMemory(200_000)
            .executor(Runnable::run)
            .buildAsync(key -> new byte[10_000]);
    for (int i = 0; i < 100; i++) {
      cache.get(i).join();
    }
    cache.synchronous().cleanUp();
    MaximumMemoryTest.assertWithinBudgetAndExact(cache.synchronous());
    assertThat(cache.synchronous().estimatedSize()).isBetween(10L, 20L);
  }

  @Test
  void asyncMembersShareABudget() {
    MemoryBudget budget = MemoryBudget.ofBytes(100_000);
    AsyncCache<Integer, byte[]> first =
        Caffeine.newBuilder().memoryBudget(budget).executor(Runnable::run).buildAsync();
    AsyncCache<Integer, byte[]> second =
        Caffeine.newBuilder().memoryBudget(budget).executor(Runnable::run).buildAsync();
    for (int i = 0; i < 20; i++) {
      first.put(i, CompletableFuture.completedFuture(new byte[5_000]));
      second.put(i, CompletableFuture.completedFuture(new byte[5_000]));
    }
    first.synchronous().cleanUp();
    second.synchronous().cleanUp();
    assertThat(budget.estimatedBytes())
        .isLessThanOrEqualTo(100_000)
        .isEqualTo(
            CacheInsight.of(first).orElseThrow().estimatedBytes()
                + CacheInsight.of(second).orElseThrow().estimatedBytes());
  }
}
