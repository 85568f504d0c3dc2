package io.larder.cache;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;

/** Computes or retrieves values asynchronously, based on a key, for use in populating a cache. */
@FunctionalInterface
public interface AsyncCacheLoader<K, V> {

  /** Asynchronously computes or retrieves the value corresponding to {@code key}. */
  CompletableFuture<? extends V> asyncLoad(K key, Executor executor) throws Exception;

  /**
   * Asynchronously computes or retrieves the values corresponding to {@code keys}; by default not
   * supported, so that the cache loads the keys one by one.
   */
  default CompletableFuture<? extends Map<? extends K, ? extends V>> asyncLoadAll(
      Set<? extends K> keys, Executor executor) throws Exception {
    throw new UnsupportedOperationException();
  }

  /**
   * Asynchronously computes or retrieves a replacement value corresponding to an already-cached
   * {@code key}; by default, loads the key again.
   */
  default CompletableFuture<? extends V> asyncReload(K key, V oldValue, Executor executor)
      throws Exception {
    return asyncLoad(key, executor);
  }

  /** Returns a loader that delegates to the bulk {@code mappingFunction} for every load. */
  static <K, V> AsyncCacheLoader<K, V> bulk(
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> mappingFunction) {
    return CacheLoader.bulk(mappingFunction);
  }

  /** Returns an asynchronous loader that delegates to the bulk {@code mappingFunction}. */
  static <K, V> AsyncCacheLoader<K, V> bulk(
      BiFunction<
              ? super Set<? extends K>,
              ? super Executor,
              ? extends CompletableFuture<? extends Map<? extends K, ? extends V>>>
          mappingFunction) {
    requireNonNull(mappingFunction, "mappingFunction");
    return new AsyncCacheLoader<>() {
      @Override
      @SuppressWarnings("NullAway")
      public CompletableFuture<V> asyncLoad(K key, Executor executor) throws Exception {
        return asyncLoadAll(Set.of(key), executor).thenApply(results -> results.get(key));
      }

      @Override
      @SuppressWarnings("unchecked")
      public CompletableFuture<Map<K, V>> asyncLoadAll(Set<? extends K> keys, Executor executor) {
        requireNonNull(keys);
        requireNonNull(executor);
        return (CompletableFuture<Map<K, V>>) mappingFunction.apply(keys, executor);
      }
    };
  }
}
