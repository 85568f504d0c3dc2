package io.larder.cache.async;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Caffeine;
import io.larder.cache.RemovalCause;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Asynchronous caches over the bounded storage: size bounds, weights of futures, listeners. */
class BoundedAsyncCacheTest {

  @Test
  void sizeBoundedAsyncCacheEvictsCompletedEntriesAndNotifiesWithValues() {
    List<String> removals = new ArrayList<>();
    AsyncCache<Integer, String> cache =
        Caffeine.newBuilder()
            .maximumSize(3)
            .executor(Runnable::run)
            .removalListener(
                (Integer k, String v, RemovalCause cause) ->
                    removals.add(k + "=" + v + ":" + cause))
            .buildAsync();
    for (int i = 0; i < 10; i++) {
      cache.put(i, CompletableFuture.completedFuture("v" + i));
    }
    cache.synchronous().cleanUp();
    assertThat(cache.synchronous().estimatedSize()).isEqualTo(3);
    assertThat(removals).hasSize(7).allMatch(r -> r.endsWith(":SIZE"));
    assertThat(removals).allMatch(r -> r.matches("\\d=v\\d:SIZE"));
  }

  @Test
  void inFlightFuturesWeighNothingUntilTheyComplete() {
    AsyncCache<Integer, String> cache =
        Caffeine.newBuilder()
            .maximumWeight(10)
            .weigher((Integer k, String v) -> v.length())
            .executor(Runnable::run)
            .buildAsync();
    List<CompletableFuture<String>> pending = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      CompletableFuture<String> future = new CompletableFuture<>();
      pending.add(future);
      cache.put(i, future);
    }
    cache.synchronous().cleanUp();
    assertThat(cache.synchronous().policy().eviction().orElseThrow().weightedSize()).hasValue(0);
    assertThat(cache.asMap()).hasSize(5);
    for (CompletableFuture<String> future : pending) {
      future.complete("abcd");
    }
    cache.synchronous().cleanUp();
    assertThat(cache.synchronous().policy().eviction().orElseThrow().weightedSize().getAsLong())
        .isLessThanOrEqualTo(10);
    assertThat(cache.asMap()).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void boundedAsyncLoadingCacheLoadsAndStaysWithinItsBound() {
    AsyncLoadingCache<Integer, Integer> cache =
        Caffeine.newBuilder()
            .maximumSize(5)
            .executor(Runnable::run)
            .recordStats()
            .buildAsync(key -> key * 2);
    for (int i = 0; i < 50; i++) {
      assertThat(cache.get(i).join()).isEqualTo(i * 2);
    }
    cache.synchronous().cleanUp();
    assertThat(cache.synchronous().estimatedSize()).isLessThanOrEqualTo(5);
    assertThat(cache.synchronous().stats().evictionCount()).isEqualTo(45);
    assertThat(cache.synchronous().stats().loadSuccessCount()).isEqualTo(50);
  }
}
