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
  public static <K, V> Cache<K, V> newManualCache(CacheSettings<K, V> configured) {
    CacheSettings<K, V> settings = MemoryBoundedSettings.derive(configured);
    if (settings.needsBoundedCache()) {
      return new LocalManualCache<>(newBoundedStorage(settings, /* isAsync= */ false));
    }
    return new LocalManualCache<>(new UnboundedLocalCache<>(settings, /* isAsync= */ false));
  }

  /** Returns a loading cache. */
  public static <K, V> LoadingCache<K, V> newLoadingCache(
      CacheSettings<K, V> configured, CacheLoader<? super K, V> loader) {
    CacheSettings<K, V> settings = MemoryBoundedSettings.derive(configured);
    if (settings.needsBoundedCache()) {
      return new LocalLoadingCache<>(newBoundedStorage(settings, /* isAsync= */ false), loader);
    }
    return new LocalLoadingCache<>(
        new UnboundedLocalCache<>(settings, /* isAsync= */ false), loader);
  }

  /**
   * Returns the storage for settings that need the bounded cache: size, weight and memory bounds
   * now (memory bounds arrive here derived by {@link MemoryBoundedSettings} as weights in bytes,
   * with the per-entry cap and the shared budget applied to the policy); expiration, refresh and
   * reference strength are rejected with an {@link UnsupportedOperationException} naming the
   * setting until they are built.
   */
  static <K, V> LocalCache<K, V> newBoundedStorage(CacheSettings<K, V> settings, boolean isAsync) {
    BoundedLocalCache<K, V> cache = new BoundedLocalCache<>(settings, isAsync);
    if (settings.tracksMemory()) {
      cache.policy.setMaximumEntryWeight(MemoryBoundedSettings.maximumEntryBytes(settings));
      SharedBudgetMember.joinIfConfigured(cache);
    }
    return cache;
  }

  /** Returns an asynchronous cache. */
  public static <K, V> AsyncCache<K, V> newAsyncCache(CacheSettings<K, V> configured) {
    CacheSettings<K, V> settings = MemoryBoundedSettings.derive(configured);
    CacheSettings<K, CompletableFuture<V>> storage = AsyncSettings.adapt(settings);
    if (settings.tracksMemory()) {
      return new LocalAsyncCache<>(newBoundedStorage(storage, /* isAsync= */ true));
    } else if (settings.needsBoundedCache()) {
      throw BoundedFeatures.notSupportedYet(settings);
    }
    return new LocalAsyncCache<>(new UnboundedLocalCache<>(storage, /* isAsync= */ true));
  }

  /** Returns an asynchronous loading cache. */
  public static <K, V> AsyncLoadingCache<K, V> newAsyncLoadingCache(
      CacheSettings<K, V> configured, AsyncCacheLoader<? super K, V> loader) {
    CacheSettings<K, V> settings = MemoryBoundedSettings.derive(configured);
    CacheSettings<K, CompletableFuture<V>> storage = AsyncSettings.adapt(settings);
    if (settings.tracksMemory()) {
      return new LocalAsyncLoadingCache<>(newBoundedStorage(storage, /* isAsync= */ true), loader);
    } else if (settings.needsBoundedCache()) {
      throw BoundedFeatures.notSupportedYet(settings);
    }
    return new LocalAsyncLoadingCache<>(
        new UnboundedLocalCache<>(storage, /* isAsync= */ true), loader);
  }
}
