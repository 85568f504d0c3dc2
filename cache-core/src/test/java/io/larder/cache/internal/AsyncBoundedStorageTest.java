package io.larder.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.larder.cache.Policy;
import io.larder.cache.Scheduler;
import io.larder.cache.Ticker;
import io.larder.cache.Weigher;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The bounded storage in asynchronous mode, as the async adapters use it: it holds futures, and its
 * weigher (adapted by the async side) gives an in-flight future a weight of zero, so that a load in
 * progress is never evicted by size, even in a cache bounded by count.
 */
class AsyncBoundedStorageTest {

  /** Weighs a completed future as the delegate does, an in-flight one as zero. */
  private static <K, V> Weigher<K, CompletableFuture<V>> asyncWeigher(Weigher<K, V> delegate) {
    return (key, future) ->
        (future.isDone() && !future.isCompletedExceptionally())
            ? delegate.weigh(key, future.join())
            : 0;
  }

  private static BoundedLocalCache<Integer, CompletableFuture<Integer>> storage(long maximumSize) {
    CacheSettings<Integer, CompletableFuture<Integer>> settings =
        new CacheSettings<>(
            "async-test",
            "here",
            CacheSettings.UNSET,
            maximumSize,
            CacheSettings.UNSET,
            asyncWeigher(Weigher.singletonWeigher()),
            /* weighted= */ false,
            /* weakKeys= */ false,
            CacheSettings.Strength.STRONG,
            CacheSettings.UNSET,
            CacheSettings.UNSET,
            null,
            CacheSettings.UNSET,
            Ticker.disabledTicker(),
            Ticker.systemTicker(),
            Runnable::run,
            Scheduler.disabledScheduler(),
            null,
            null,
            null,
            CacheSettings.UNSET,
            CacheSettings.UNSET,
            null,
            io.larder.cache.LeakGuard.disabled());
    return new BoundedLocalCache<>(settings, /* isAsync= */ true);
  }

  @Test
  void inFlightFuturesAreNeverEvictedBySize() {
    BoundedLocalCache<Integer, CompletableFuture<Integer>> cache = storage(2);
    assertThat(cache.isAsync()).isTrue();
    for (int i = 0; i < 10; i++) {
      cache.put(i, new CompletableFuture<>());
    }
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isEqualTo(10);

    Policy.Eviction<Integer, CompletableFuture<Integer>> eviction =
        cache.policy().eviction().orElseThrow();
    assertThat(eviction.isWeighted()).isFalse();
    assertThat(eviction.weightOf(1)).isEmpty();
  }

  @Test
  void completedFuturesAreReweighedAndThenEvicted() {
    BoundedLocalCache<Integer, CompletableFuture<Integer>> cache = storage(2);
    for (int i = 0; i < 5; i++) {
      cache.put(i, new CompletableFuture<>());
    }
    for (int i = 0; i < 5; i++) {
      CompletableFuture<Integer> future = cache.get(i);
      assertThat(future).isNotNull();
      future.complete(i * 10);
      // what the async adapter does when a future completes
      assertThat(cache.replace(i, future, future, /* shouldDiscardRefresh= */ false)).isTrue();
    }
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isEqualTo(2);
    assertThat(cache.values()).allMatch(CompletableFuture::isDone);
  }

  @Test
  void failedFuturesKeepWeighingZeroUntilRemoved() {
    BoundedLocalCache<Integer, CompletableFuture<Integer>> cache = storage(1);
    CompletableFuture<Integer> failed = new CompletableFuture<>();
    cache.put(1, failed);
    failed.completeExceptionally(new IllegalStateException());
    cache.put(2, CompletableFuture.completedFuture(2));
    cache.put(3, CompletableFuture.completedFuture(3));
    cache.cleanUp();
    assertThat(cache.containsKey(1)).isTrue();
    assertThat(cache.remove(1)).isSameAs(failed);
    cache.cleanUp();
    assertThat(cache.estimatedSize()).isEqualTo(1);
  }
}
