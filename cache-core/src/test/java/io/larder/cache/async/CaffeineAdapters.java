package io.larder.cache.async;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncCacheLoader;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.CacheLoader;
import io.larder.cache.LoadingCache;
import io.larder.cache.Policy;
import io.larder.cache.RemovalCause;
import io.larder.cache.RemovalListener;
import io.larder.cache.stats.CacheStats;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Presents Caffeine 3.2.4's caches through Larder's interfaces, so that one scenario runs
 * unchanged against both libraries. Every method forwards; only types are translated.
 */
final class CaffeineAdapters {
  private CaffeineAdapters() {}

  static <K, V> com.github.benmanes.caffeine.cache.RemovalListener<K, V> listener(
      RemovalListener<K, V> listener) {
    return (key, value, cause) -> listener.onRemoval(key, value, RemovalCause.valueOf(cause.name()));
  }

  static CacheStats stats(com.github.benmanes.caffeine.cache.stats.CacheStats stats) {
    return CacheStats.of(
        stats.hitCount(),
        stats.missCount(),
        stats.loadSuccessCount(),
        stats.loadFailureCount(),
        stats.totalLoadTime(),
        stats.evictionCount(),
        stats.evictionWeight());
  }

  /** Adapts a Larder loader to Caffeine's, keeping whether it overrides the bulk method. */
  @SuppressWarnings("unchecked")
  static <K, V> com.github.benmanes.caffeine.cache.AsyncCacheLoader<K, V> loader(
      AsyncCacheLoader<K, V> loader) {
    boolean bulk = overridesBulk(loader);
    if (loader instanceof CacheLoader<K, V> sync) {
      return bulk ? new BulkSyncLoader<>(sync) : new SyncLoader<>(sync);
    }
    return bulk ? new BulkAsyncLoader<>(loader) : new AsyncLoader<>(loader);
  }

  static boolean overridesBulk(AsyncCacheLoader<?, ?> loader) {
    try {
      if (loader instanceof CacheLoader<?, ?>
          && !loader.getClass().getMethod("loadAll", Set.class).getDeclaringClass()
              .equals(CacheLoader.class)) {
        return true;
      }
      Class<?> declaring =
          loader.getClass().getMethod("asyncLoadAll", Set.class, Executor.class)
              .getDeclaringClass();
      return !declaring.equals(CacheLoader.class) && !declaring.equals(AsyncCacheLoader.class);
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  static class SyncLoader<K, V> implements com.github.benmanes.caffeine.cache.CacheLoader<K, V> {
    final CacheLoader<K, V> delegate;

    SyncLoader(CacheLoader<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public V load(K key) throws Exception {
      return delegate.load(key);
    }

    @Override
    public V reload(K key, V oldValue) throws Exception {
      return delegate.reload(key, oldValue);
    }
  }

  static final class BulkSyncLoader<K, V> extends SyncLoader<K, V> {
    BulkSyncLoader(CacheLoader<K, V> delegate) {
      super(delegate);
    }

    @Override
    public Map<? extends K, ? extends V> loadAll(Set<? extends K> keys) throws Exception {
      return delegate.loadAll(keys);
    }
  }

  static class AsyncLoader<K, V> implements com.github.benmanes.caffeine.cache.AsyncCacheLoader<K, V> {
    final AsyncCacheLoader<K, V> delegate;

    AsyncLoader(AsyncCacheLoader<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<? extends V> asyncLoad(K key, Executor executor) throws Exception {
      return delegate.asyncLoad(key, executor);
    }

    @Override
    public CompletableFuture<? extends V> asyncReload(K key, V oldValue, Executor executor)
        throws Exception {
      return delegate.asyncReload(key, oldValue, executor);
    }
  }

  static final class BulkAsyncLoader<K, V> extends AsyncLoader<K, V> {
    BulkAsyncLoader(AsyncCacheLoader<K, V> delegate) {
      super(delegate);
    }

    @Override
    public CompletableFuture<? extends Map<? extends K, ? extends V>> asyncLoadAll(
        Set<? extends K> keys, Executor executor) throws Exception {
      return delegate.asyncLoadAll(keys, executor);
    }
  }

  static class AsyncCacheAdapter<K, V> implements AsyncCache<K, V> {
    final com.github.benmanes.caffeine.cache.AsyncCache<K, V> delegate;

    AsyncCacheAdapter(com.github.benmanes.caffeine.cache.AsyncCache<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<V> getIfPresent(K key) {
      return delegate.getIfPresent(key);
    }

    @Override
    public CompletableFuture<V> get(K key, Function<? super K, ? extends V> mappingFunction) {
      return delegate.get(key, mappingFunction);
    }

    @Override
    public CompletableFuture<V> get(
        K key,
        BiFunction<? super K, ? super Executor, ? extends CompletableFuture<? extends V>>
            mappingFunction) {
      return delegate.get(key, mappingFunction);
    }

    @Override
    public CompletableFuture<Map<K, V>> getAll(
        Iterable<? extends K> keys,
        Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>>
            mappingFunction) {
      return delegate.getAll(keys, mappingFunction);
    }

    @Override
    public CompletableFuture<Map<K, V>> getAll(
        Iterable<? extends K> keys,
        BiFunction<
                ? super Set<? extends K>,
                ? super Executor,
                ? extends CompletableFuture<? extends Map<? extends K, ? extends V>>>
            mappingFunction) {
      return delegate.getAll(keys, mappingFunction);
    }

    @Override
    public void put(K key, CompletableFuture<? extends V> valueFuture) {
      delegate.put(key, valueFuture);
    }

    @Override
    public ConcurrentMap<K, CompletableFuture<V>> asMap() {
      return delegate.asMap();
    }

    @Override
    public Cache<K, V> synchronous() {
      return new CacheAdapter<>(delegate.synchronous());
    }
  }

  static final class AsyncLoadingCacheAdapter<K, V> extends AsyncCacheAdapter<K, V>
      implements AsyncLoadingCache<K, V> {
    final com.github.benmanes.caffeine.cache.AsyncLoadingCache<K, V> loading;

    AsyncLoadingCacheAdapter(com.github.benmanes.caffeine.cache.AsyncLoadingCache<K, V> delegate) {
      super(delegate);
      this.loading = delegate;
    }

    @Override
    public CompletableFuture<V> get(K key) {
      return loading.get(key);
    }

    @Override
    public CompletableFuture<Map<K, V>> getAll(Iterable<? extends K> keys) {
      return loading.getAll(keys);
    }

    @Override
    public LoadingCache<K, V> synchronous() {
      return new LoadingCacheAdapter<>(loading.synchronous());
    }
  }

  static class CacheAdapter<K, V> implements Cache<K, V> {
    final com.github.benmanes.caffeine.cache.Cache<K, V> delegate;

    CacheAdapter(com.github.benmanes.caffeine.cache.Cache<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public V getIfPresent(K key) {
      return delegate.getIfPresent(key);
    }

    @Override
    public V get(K key, Function<? super K, ? extends V> mappingFunction) {
      return delegate.get(key, mappingFunction);
    }

    @Override
    public Map<K, V> getAllPresent(Iterable<? extends K> keys) {
      return delegate.getAllPresent(keys);
    }

    @Override
    public Map<K, V> getAll(
        Iterable<? extends K> keys,
        Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>>
            mappingFunction) {
      return delegate.getAll(keys, mappingFunction);
    }

    @Override
    public void put(K key, V value) {
      delegate.put(key, value);
    }

    @Override
    public void putAll(Map<? extends K, ? extends V> map) {
      delegate.putAll(map);
    }

    @Override
    public void invalidate(K key) {
      delegate.invalidate(key);
    }

    @Override
    public void invalidateAll(Iterable<? extends K> keys) {
      delegate.invalidateAll(keys);
    }

    @Override
    public void invalidateAll() {
      delegate.invalidateAll();
    }

    @Override
    public long estimatedSize() {
      return delegate.estimatedSize();
    }

    @Override
    public CacheStats stats() {
      return CaffeineAdapters.stats(delegate.stats());
    }

    @Override
    public ConcurrentMap<K, V> asMap() {
      return delegate.asMap();
    }

    @Override
    public void cleanUp() {
      delegate.cleanUp();
    }

    @Override
    public Policy<K, V> policy() {
      return new PolicyAdapter<>(delegate.policy());
    }
  }

  static final class LoadingCacheAdapter<K, V> extends CacheAdapter<K, V>
      implements LoadingCache<K, V> {
    final com.github.benmanes.caffeine.cache.LoadingCache<K, V> loading;

    LoadingCacheAdapter(com.github.benmanes.caffeine.cache.LoadingCache<K, V> delegate) {
      super(delegate);
      this.loading = delegate;
    }

    @Override
    public V get(K key) {
      return loading.get(key);
    }

    @Override
    public Map<K, V> getAll(Iterable<? extends K> keys) {
      return loading.getAll(keys);
    }

    @Override
    public CompletableFuture<V> refresh(K key) {
      return loading.refresh(key);
    }

    @Override
    public CompletableFuture<Map<K, V>> refreshAll(Iterable<? extends K> keys) {
      return loading.refreshAll(keys);
    }
  }

  /**
   * Caffeine's policy seen through Larder's: the time-based views (expiration after access, after
   * write, variable, refresh after write) forward every method; the size bound is not adapted.
   */
  static final class PolicyAdapter<K, V> implements Policy<K, V> {
    final com.github.benmanes.caffeine.cache.Policy<K, V> delegate;

    PolicyAdapter(com.github.benmanes.caffeine.cache.Policy<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean isRecordingStats() {
      return delegate.isRecordingStats();
    }

    @Override
    public V getIfPresentQuietly(K key) {
      return delegate.getIfPresentQuietly(key);
    }

    @Override
    public Policy.CacheEntry<K, V> getEntryIfPresentQuietly(K key) {
      com.github.benmanes.caffeine.cache.Policy.CacheEntry<K, V> entry =
          delegate.getEntryIfPresentQuietly(key);
      return (entry == null) ? null : new EntryAdapter<>(entry);
    }

    @Override
    public Map<K, CompletableFuture<V>> refreshes() {
      return delegate.refreshes();
    }

    @Override
    public Optional<Eviction<K, V>> eviction() {
      return delegate.eviction().map(e -> {
        throw new UnsupportedOperationException("bounded caches are not adapted");
      });
    }

    @Override
    public Optional<FixedExpiration<K, V>> expireAfterAccess() {
      return delegate.expireAfterAccess().map(FixedExpirationAdapter::new);
    }

    @Override
    public Optional<FixedExpiration<K, V>> expireAfterWrite() {
      return delegate.expireAfterWrite().map(FixedExpirationAdapter::new);
    }

    @Override
    public Optional<VarExpiration<K, V>> expireVariably() {
      return delegate.expireVariably().map(VarExpirationAdapter::new);
    }

    @Override
    public Optional<FixedRefresh<K, V>> refreshAfterWrite() {
      return delegate.refreshAfterWrite().map(FixedRefreshAdapter::new);
    }
  }

  /** Maps a function of Larder entries to one of Caffeine entries. */
  static <K, V, T> Function<
          Stream<com.github.benmanes.caffeine.cache.Policy.CacheEntry<K, V>>, T>
      entries(Function<Stream<Policy.CacheEntry<K, V>>, T> mappingFunction) {
    return stream -> mappingFunction.apply(stream.map(EntryAdapter::new));
  }

  /** Caffeine's fixed expiration view seen through Larder's. */
  static final class FixedExpirationAdapter<K, V> implements Policy.FixedExpiration<K, V> {
    final com.github.benmanes.caffeine.cache.Policy.FixedExpiration<K, V> delegate;

    FixedExpirationAdapter(
        com.github.benmanes.caffeine.cache.Policy.FixedExpiration<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public OptionalLong ageOf(K key, TimeUnit unit) {
      return delegate.ageOf(key, unit);
    }

    @Override
    public Optional<Duration> ageOf(K key) {
      return delegate.ageOf(key);
    }

    @Override
    public long getExpiresAfter(TimeUnit unit) {
      return delegate.getExpiresAfter(unit);
    }

    @Override
    public Duration getExpiresAfter() {
      return delegate.getExpiresAfter();
    }

    @Override
    public void setExpiresAfter(long duration, TimeUnit unit) {
      delegate.setExpiresAfter(duration, unit);
    }

    @Override
    public void setExpiresAfter(Duration duration) {
      delegate.setExpiresAfter(duration);
    }

    @Override
    public Map<K, V> oldest(int limit) {
      return delegate.oldest(limit);
    }

    @Override
    public <T> T oldest(Function<Stream<Policy.CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.oldest(entries(mappingFunction));
    }

    @Override
    public Map<K, V> youngest(int limit) {
      return delegate.youngest(limit);
    }

    @Override
    public <T> T youngest(Function<Stream<Policy.CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.youngest(entries(mappingFunction));
    }
  }

  /** Caffeine's variable expiration view seen through Larder's. */
  static final class VarExpirationAdapter<K, V> implements Policy.VarExpiration<K, V> {
    final com.github.benmanes.caffeine.cache.Policy.VarExpiration<K, V> delegate;

    VarExpirationAdapter(com.github.benmanes.caffeine.cache.Policy.VarExpiration<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public OptionalLong getExpiresAfter(K key, TimeUnit unit) {
      return delegate.getExpiresAfter(key, unit);
    }

    @Override
    public Optional<Duration> getExpiresAfter(K key) {
      return delegate.getExpiresAfter(key);
    }

    @Override
    public void setExpiresAfter(K key, long duration, TimeUnit unit) {
      delegate.setExpiresAfter(key, duration, unit);
    }

    @Override
    public void setExpiresAfter(K key, Duration duration) {
      delegate.setExpiresAfter(key, duration);
    }

    @Override
    public V putIfAbsent(K key, V value, long duration, TimeUnit unit) {
      return delegate.putIfAbsent(key, value, duration, unit);
    }

    @Override
    public V putIfAbsent(K key, V value, Duration duration) {
      return delegate.putIfAbsent(key, value, duration);
    }

    @Override
    public V put(K key, V value, long duration, TimeUnit unit) {
      return delegate.put(key, value, duration, unit);
    }

    @Override
    public V put(K key, V value, Duration duration) {
      return delegate.put(key, value, duration);
    }

    @Override
    public V compute(K key, BiFunction<? super K, ? super V, ? extends V> remappingFunction,
        Duration duration) {
      return delegate.compute(key, remappingFunction, duration);
    }

    @Override
    public Map<K, V> oldest(int limit) {
      return delegate.oldest(limit);
    }

    @Override
    public <T> T oldest(Function<Stream<Policy.CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.oldest(entries(mappingFunction));
    }

    @Override
    public Map<K, V> youngest(int limit) {
      return delegate.youngest(limit);
    }

    @Override
    public <T> T youngest(Function<Stream<Policy.CacheEntry<K, V>>, T> mappingFunction) {
      return delegate.youngest(entries(mappingFunction));
    }
  }

  /** Caffeine's refresh view seen through Larder's. */
  static final class FixedRefreshAdapter<K, V> implements Policy.FixedRefresh<K, V> {
    final com.github.benmanes.caffeine.cache.Policy.FixedRefresh<K, V> delegate;

    FixedRefreshAdapter(com.github.benmanes.caffeine.cache.Policy.FixedRefresh<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public OptionalLong ageOf(K key, TimeUnit unit) {
      return delegate.ageOf(key, unit);
    }

    @Override
    public Optional<Duration> ageOf(K key) {
      return delegate.ageOf(key);
    }

    @Override
    public long getRefreshesAfter(TimeUnit unit) {
      return delegate.getRefreshesAfter(unit);
    }

    @Override
    public Duration getRefreshesAfter() {
      return delegate.getRefreshesAfter();
    }

    @Override
    public void setRefreshesAfter(long duration, TimeUnit unit) {
      delegate.setRefreshesAfter(duration, unit);
    }

    @Override
    public void setRefreshesAfter(Duration duration) {
      delegate.setRefreshesAfter(duration);
    }
  }

  /** Caffeine's policy entry seen through Larder's. */
  static final class EntryAdapter<K, V> implements Policy.CacheEntry<K, V> {
    final com.github.benmanes.caffeine.cache.Policy.CacheEntry<K, V> entry;

    EntryAdapter(com.github.benmanes.caffeine.cache.Policy.CacheEntry<K, V> entry) {
      this.entry = entry;
    }

    @Override
    public K getKey() {
      return entry.getKey();
    }

    @Override
    public V getValue() {
      return entry.getValue();
    }

    @Override
    public V setValue(V value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public int weight() {
      return entry.weight();
    }

    @Override
    public long expiresAt() {
      return entry.expiresAt();
    }

    @Override
    public long refreshableAt() {
      return entry.refreshableAt();
    }

    @Override
    public long snapshotAt() {
      return entry.snapshotAt();
    }

    @Override
    public String toString() {
      return entry.toString();
    }
  }
}
