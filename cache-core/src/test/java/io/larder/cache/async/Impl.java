package io.larder.cache.async;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.testing.Library;
import io.larder.cache.testing.ScenarioSettings;
import java.util.concurrent.Executor;

/**
 * The two implementations every scenario runs against: Larder, and Caffeine 3.2.4 (the reference)
 * seen through Larder's interfaces. Both are built with statistics, a removal listener that records
 * into {@link Removals}, and the given executor (a same-thread one unless a test needs threads).
 */
enum Impl {
  LARDER(Library.LARDER),
  CAFFEINE(Library.CAFFEINE);

  private final Library library;

  Impl(Library library) {
    this.library = library;
  }

  /** Returns an asynchronous cache. */
  <K, V> AsyncCache<K, V> newAsyncCache(Removals<K, V> removals, Executor executor) {
    return settings(removals, executor).buildAsync(library);
  }

  /** Returns an asynchronous loading cache. */
  <K, V> AsyncLoadingCache<K, V> newAsyncLoadingCache(
      Removals<K, V> removals, Executor executor, AsyncCacheLoader<K, V> loader) {
    return settings(removals, executor).buildAsync(library, loader);
  }

  /** Returns an asynchronous cache on a same-thread executor. */
  <K, V> AsyncCache<K, V> newAsyncCache(Removals<K, V> removals) {
    return newAsyncCache(removals, Runnable::run);
  }

  /** Returns an asynchronous loading cache on a same-thread executor. */
  <K, V> AsyncLoadingCache<K, V> newAsyncLoadingCache(
      Removals<K, V> removals, AsyncCacheLoader<K, V> loader) {
    return newAsyncLoadingCache(removals, Runnable::run, loader);
  }

  private static <K, V> ScenarioSettings<K, V> settings(
      Removals<K, V> removals, Executor executor) {
    return new ScenarioSettings<K, V>().executor(executor).recordStats().removalListener(removals);
  }
}
