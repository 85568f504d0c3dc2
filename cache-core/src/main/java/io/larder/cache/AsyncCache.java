package io.larder.cache;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A semi-persistent mapping from keys to values held as {@link CompletableFuture}s. A future that
 * completes exceptionally or with {@code null} is removed automatically.
 */
public interface AsyncCache<K, V> {

  /** Returns the future associated with the {@code key}, or {@code null} if there is none. */
  @Nullable CompletableFuture<V> getIfPresent(K key);

  /**
   * Returns the future associated with the {@code key}, computing the value on the cache's executor
   * with {@code mappingFunction} if necessary.
   */
  CompletableFuture<V> get(K key, Function<? super K, ? extends V> mappingFunction);

  /**
   * Returns the future associated with the {@code key}, obtaining it from {@code mappingFunction}
   * if necessary.
   */
  CompletableFuture<V> get(
      K key,
      BiFunction<? super K, ? super Executor, ? extends CompletableFuture<? extends V>>
          mappingFunction);

  /**
   * Returns the future of the values associated with the {@code keys}, computing the absent ones
   * with a single call to {@code mappingFunction}.
   */
  CompletableFuture<Map<K, V>> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> mappingFunction);

  /**
   * Returns the future of the values associated with the {@code keys}, obtaining the absent ones
   * with a single call to {@code mappingFunction}.
   */
  CompletableFuture<Map<K, V>> getAll(
      Iterable<? extends K> keys,
      BiFunction<
              ? super Set<? extends K>,
              ? super Executor,
              ? extends CompletableFuture<? extends Map<? extends K, ? extends V>>>
          mappingFunction);

  /** Associates the {@code valueFuture} with the {@code key}, replacing any previous value. */
  void put(K key, CompletableFuture<? extends V> valueFuture);

  /** Returns a thread-safe view of the entries stored in this cache as a {@link ConcurrentMap}. */
  ConcurrentMap<K, CompletableFuture<V>> asMap();

  /** Returns a view of the entries stored in this cache as a synchronous {@link Cache}. */
  Cache<K, V> synchronous();
}
