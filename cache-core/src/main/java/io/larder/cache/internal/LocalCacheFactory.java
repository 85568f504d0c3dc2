package io.larder.cache.internal;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheLoader;
import io.larder.cache.LoadingCache;
import java.util.concurrent.CompletableFuture;

/**
 * Creates the cache the builder asked for: the storage ({@code UnboundedLocalCache} or {@code
 * BoundedLocalCache}) wrapped in the adapter of the requested kind.
 */
public final class LocalCacheFactory {
  private LocalCacheFactory() {}

  /** Returns a manual cache. */
  public static <K, V> Cache<K, V> newManualCache(CacheSettings<K, V> settings) {
    return new LocalManualCache<>(
        newStorage(MemoryBoundedSettings.derive(settings), /* isAsync= */ false));
  }

  /** Returns a loading cache. */
  public static <K, V> LoadingCache<K, V> newLoadingCache(
      CacheSettings<K, V> settings, CacheLoader<? super K, V> loader) {
    return new LocalLoadingCache<>(
        newStorage(MemoryBoundedSettings.derive(settings), /* isAsync= */ false), loader);
  }

  /** Returns an asynchronous cache. */
  public static <K, V> AsyncCache<K, V> newAsyncCache(CacheSettings<K, V> settings) {
    CacheSettings<K, CompletableFuture<V>> storage =
        AsyncSettings.adapt(MemoryBoundedSettings.derive(settings));
    return new LocalAsyncCache<>(newStorage(storage, /* isAsync= */ true));
  }

  /** Returns an asynchronous loading cache. */
  public static <K, V> AsyncLoadingCache<K, V> newAsyncLoadingCache(
      CacheSettings<K, V> settings, AsyncCacheLoader<? super K, V> loader) {
    CacheSettings<K, CompletableFuture<V>> storage =
        AsyncSettings.adapt(MemoryBoundedSettings.derive(settings));
    return new LocalAsyncLoadingCache<>(newStorage(storage, /* isAsync= */ true), loader);
  }

  /**
   * Returns the storage the settings need: the plain hash map when no size, weight, memory, time
   * or reference policy is configured, the bounded storage otherwise (which names, with an {@link
   * UnsupportedOperationException}, any setting it does not support yet).
   */
  static <K, V> LocalCache<K, V> newStorage(CacheSettings<K, V> settings, boolean isAsync) {
    return settings.needsBoundedCache()
        ? newBoundedStorage(settings, isAsync)
        : new UnboundedLocalCache<>(settings, isAsync);
  }

  /**
   * Returns the bounded storage. A memory-tracking cache arrives here derived by {@link
   * MemoryBoundedSettings} (weighted in bytes; the async adapter's weigher wraps the memory
   * weigher), and its per-entry cap and shared budget are applied to the policy.
   */
  private static <K, V> LocalCache<K, V> newBoundedStorage(
      CacheSettings<K, V> settings, boolean isAsync) {
    BoundedLocalCache<K, V> cache = new BoundedLocalCache<>(settings, isAsync);
    if (settings.tracksMemory()) {
      cache.policy.setMaximumEntryWeight(MemoryBoundedSettings.maximumEntryBytes(settings));
      SharedBudgetMember.joinIfConfigured(cache);
    }
    return cache;
  }
}
