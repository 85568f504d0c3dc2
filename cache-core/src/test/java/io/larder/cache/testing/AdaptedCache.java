package io.larder.cache.testing;

import io.larder.cache.AsyncCache;
import io.larder.cache.AsyncLoadingCache;
import io.larder.cache.Cache;
import io.larder.cache.LoadingCache;
import io.larder.cache.Policy;
import io.larder.cache.stats.CacheStats;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Caffeine 3.2.4's {@code Cache} presented as Larder's {@link Cache}, so that one scenario runs
 * unchanged against both libraries. Every method forwards (arguments as given, {@code null}
 * included, so that Caffeine's own checks are what a test sees); only types are translated. The
 * loading and asynchronous kinds are nested here: {@link Loading}, {@link Async} and {@link
 * AsyncLoading}.
 */
public class AdaptedCache<K, V> implements Cache<K, V> {
  final com.github.benmanes.caffeine.cache.Cache<K, V> delegate;

  /** Presents {@code delegate}. */
  public AdaptedCache(com.github.benmanes.caffeine.cache.Cache<K, V> delegate) {
    this.delegate = delegate;
  }

  @Override
  public @Nullable V getIfPresent(K key) {
    return delegate.getIfPresent(key);
  }

  @Override
  public @Nullable V get(K key, Function<? super K, ? extends @Nullable V> mappingFunction) {
    return delegate.get(key, mappingFunction);
  }

  @Override
  public Map<K, V> getAllPresent(Iterable<? extends K> keys) {
    return delegate.getAllPresent(keys);
  }

  @Override
  public Map<K, V> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> mappingFunction) {
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
    return CaffeineConversions.toLarder(delegate.stats());
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
    return new AdaptedPolicy<>(delegate.policy());
  }

  /** Caffeine 3.2.4's {@code LoadingCache} presented as Larder's {@link LoadingCache}. */
  public static class Loading<K, V> extends AdaptedCache<K, V> implements LoadingCache<K, V> {
    final com.github.benmanes.caffeine.cache.LoadingCache<K, V> loading;

    /** Presents {@code delegate}. */
    public Loading(com.github.benmanes.caffeine.cache.LoadingCache<K, V> delegate) {
      super(delegate);
      this.loading = delegate;
    }

    @Override
    public @Nullable V get(K key) {
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
   * Caffeine 3.2.4's {@code AsyncCache} presented as Larder's {@link AsyncCache}; its synchronous
   * view is an {@link AdaptedCache}. Every method forwards; only types are translated.
   */
  public static class Async<K, V> implements AsyncCache<K, V> {
    final com.github.benmanes.caffeine.cache.AsyncCache<K, V> delegate;

    /** Presents {@code delegate}. */
    public Async(com.github.benmanes.caffeine.cache.AsyncCache<K, V> delegate) {
      this.delegate = delegate;
    }

    @Override
    public @Nullable CompletableFuture<V> getIfPresent(K key) {
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
      return new AdaptedCache<>(delegate.synchronous());
    }
  }

  /**
   * Caffeine 3.2.4's {@code AsyncLoadingCache} presented as Larder's {@link AsyncLoadingCache}; its
   * synchronous view is a {@link Loading}.
   */
  public static class AsyncLoading<K, V> extends Async<K, V> implements AsyncLoadingCache<K, V> {
    final com.github.benmanes.caffeine.cache.AsyncLoadingCache<K, V> loading;

    /** Presents {@code delegate}. */
    public AsyncLoading(com.github.benmanes.caffeine.cache.AsyncLoadingCache<K, V> delegate) {
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
      return new Loading<>(loading.synchronous());
    }
  }
}
