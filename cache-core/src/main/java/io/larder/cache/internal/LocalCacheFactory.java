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
    if (settings.needsBoundedCache()) {
      throw BoundedFeatures.notSupportedYet(settings);
    }
    return new LocalManualCache<>(new UnboundedLocalCache<>(settings, /* isAsync= */ false));
  }

  /** Returns a loading cache. */
  public static <K, V> LoadingCache<K, V> newLoadingCache(
      CacheSettings<K, V> settings, CacheLoader<? super K, V> loader) {
    if (settings.needsBoundedCache()) {
      throw BoundedFeatures.notSupportedYet(settings);
    }
    return new LocalLoadingCache<>(
        new UnboundedLocalCache<>(settings, /* isAsync= */ false), loader);
  }

  /** Returns an asynchronous cache. */
  public static <K, V> AsyncCache<K, V> newAsyncCache(CacheSettings<K, V> settings) {
    if (settings.needsBoundedCache()) {
      throw BoundedFeatures.notSupportedYet(settings);
    }
    CacheSettings<K, CompletableFuture<V>> storage = AsyncSettings.adapt(settings);
    return new LocalAsyncCache<>(new UnboundedLocalCache<>(storage, /* isAsync= */ true));
  }

  /** Returns an asynchronous loading cache. */
  public static <K, V> AsyncLoadingCache<K, V> newAsyncLoadingCache(
      CacheSettings<K, V> settings, AsyncCacheLoader<? super K, V> loader) {
    if (settings.needsBoundedCache()) {
      throw BoundedFeatures.notSupportedYet(settings);
    }
    CacheSettings<K, CompletableFuture<V>> storage = AsyncSettings.adapt(settings);
    return new LocalAsyncLoadingCache<>(
        new UnboundedLocalCache<>(storage, /* isAsync= */ true), loader);
  }
}
