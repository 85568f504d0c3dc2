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
 * BoundedLocalCache}) wrapped in the adapter of the requested kind, registered with the {@link
 * CacheChurnGuard} while the leak guard is on (see {@link CacheGuards#registerBuilt}).
 */
public final class LocalCacheFactory {
  private LocalCacheFactory() {}

  /** Returns a manual cache. */
  public static <K, V> Cache<K, V> newManualCache(CacheSettings<K, V> settings) {
    LocalCache<K, V> storage =
        newStorage(MemoryBoundedSettings.derive(settings), /* isAsync= */ false);
    return CacheGuards.registerBuilt(new LocalManualCache<>(storage), storage);
  }

  /** Returns a loading cache. */
  public static <K, V> LoadingCache<K, V> newLoadingCache(
      CacheSettings<K, V> settings, CacheLoader<? super K, V> loader) {
    LocalCache<K, V> storage =
        newStorage(MemoryBoundedSettings.derive(settings), /* isAsync= */ false);
    return CacheGuards.registerBuilt(new LocalLoadingCache<>(storage, loader), storage);
  }

  /** Returns an asynchronous cache. */
  public static <K, V> AsyncCache<K, V> newAsyncCache(CacheSettings<K, V> settings) {
    CacheSettings<K, CompletableFuture<V>> storage =
        AsyncSettings.adapt(MemoryBoundedSettings.derive(settings));
    LocalCache<K, CompletableFuture<V>> local = newStorage(storage, /* isAsync= */ true);
    return CacheGuards.registerBuilt(new LocalAsyncCache<>(local), local);
  }

  /** Returns an asynchronous loading cache. */
  public static <K, V> AsyncLoadingCache<K, V> newAsyncLoadingCache(
      CacheSettings<K, V> settings, AsyncCacheLoader<? super K, V> loader) {
    CacheSettings<K, CompletableFuture<V>> storage =
        AsyncSettings.adapt(MemoryBoundedSettings.derive(settings));
    LocalCache<K, CompletableFuture<V>> local = newStorage(storage, /* isAsync= */ true);
    return CacheGuards.registerBuilt(new LocalAsyncLoadingCache<>(local, loader), local);
  }

  /**
   * Returns the storage the settings need: the plain hash map when no size, weight, memory, time or
   * reference policy is configured, the bounded storage otherwise (which names, with an {@link
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
   * weigher), and its per-entry cap, shared budget and heap safety net ({@link HeapSafetyNet}) are
   * applied to the policy, its large writes awaiting maintenance are bounded in bytes ({@link
   * WriteBacklog}), and its large values are measured after their write ({@link DeferredWeights}).
   */
  private static <K, V> LocalCache<K, V> newBoundedStorage(
      CacheSettings<K, V> settings, boolean isAsync) {
    BoundedLocalCache<K, V> cache = new BoundedLocalCache<>(settings, isAsync);
    if (settings.tracksMemory()) {
      cache.policy.setMaximumEntryWeight(MemoryBoundedSettings.maximumEntryBytes(settings));
      SharedBudgetMember<K, V> member = SharedBudgetMember.joinIfConfigured(cache);
      if (settings.hasTotalBound()) {
        HeapSafetyNet.attach(cache, member); // a per-entry cap alone is the growth guard's
      } else if (member != null) {
        cache.policy.setExternalBound(member);
      }
      if (settings.hasTotalBound() || (member != null)) {
        cache.maintenance.backlog = WriteBacklog.of(cache.policy, settings);
      }
      DeferredWeights.attachIfMemoryWeighed(cache, isAsync);
    }
    return cache;
  }
}
