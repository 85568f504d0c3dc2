package io.larder.cache.async;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Caffeine;
import java.util.concurrent.Executor;

/**
 * The two implementations every scenario runs against: Larder, and Caffeine 3.2.4 (the reference)
 * seen through Larder's interfaces. Both are built with statistics, a removal listener that records
 * into {@link Removals}, and the given executor (a same-thread one unless a test needs threads).
 */
enum Impl {
  LARDER {
    @Override
    <K, V> AsyncCache<K, V> newAsyncCache(Removals<K, V> removals, Executor executor) {
      return Caffeine.newBuilder()
          .executor(executor)
          .recordStats()
          .removalListener(removals)
          .buildAsync();
    }

    @Override
    <K, V> AsyncLoadingCache<K, V> newAsyncLoadingCache(
        Removals<K, V> removals, Executor executor, AsyncCacheLoader<K, V> loader) {
      return Caffeine.newBuilder()
          .executor(executor)
          .recordStats()
          .removalListener(removals)
          .buildAsync(loader);
    }
  },
  CAFFEINE {
    @Override
    <K, V> AsyncCache<K, V> newAsyncCache(Removals<K, V> removals, Executor executor) {
      return new CaffeineAdapters.AsyncCacheAdapter<>(
          com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
              .executor(executor)
              .recordStats()
              .removalListener(CaffeineAdapters.listener(removals))
              .buildAsync());
    }

    @Override
    <K, V> AsyncLoadingCache<K, V> newAsyncLoadingCache(
        Removals<K, V> removals, Executor executor, AsyncCacheLoader<K, V> loader) {
      return new CaffeineAdapters.AsyncLoadingCacheAdapter<>(
          com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
              .executor(executor)
              .recordStats()
              .removalListener(CaffeineAdapters.listener(removals))
              .buildAsync(CaffeineAdapters.loader(loader)));
    }
  };

  /** Returns an asynchronous cache. */
  abstract <K, V> AsyncCache<K, V> newAsyncCache(Removals<K, V> removals, Executor executor);

  /** Returns an asynchronous loading cache. */
  abstract <K, V> AsyncLoadingCache<K, V> newAsyncLoadingCache(
      Removals<K, V> removals, Executor executor, AsyncCacheLoader<K, V> loader);

  /** Returns an asynchronous cache on a same-thread executor. */
  <K, V> AsyncCache<K, V> newAsyncCache(Removals<K, V> removals) {
    return newAsyncCache(removals, Runnable::run);
  }

  /** Returns an asynchronous loading cache on a same-thread executor. */
  <K, V> AsyncLoadingCache<K, V> newAsyncLoadingCache(
      Removals<K, V> removals, AsyncCacheLoader<K, V> loader) {
    return newAsyncLoadingCache(removals, Runnable::run, loader);
  }
}
