package io.larder.cache;

import static java.util.Objects.requireNonNull;

import io.larder.cache.internal.LoaderCalls;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Computes or retrieves values, based on a key, for use in populating a {@link LoadingCache}. */
@FunctionalInterface
@SuppressWarnings("FunctionalInterfaceMethodChanged")
public interface CacheLoader<K, V> extends AsyncCacheLoader<K, V> {

  /** Computes or retrieves the value corresponding to {@code key}; {@code null} if none. */
  @Nullable V load(K key) throws Exception;

  /**
   * Computes or retrieves the values corresponding to {@code keys}; by default not supported, so
   * that the cache loads the keys one by one.
   */
  default Map<? extends K, ? extends V> loadAll(Set<? extends K> keys) throws Exception {
    throw new UnsupportedOperationException();
  }

  /** Runs {@link #load} on the {@code executor}. */
  @Override
  default CompletableFuture<? extends V> asyncLoad(K key, Executor executor) throws Exception {
    requireNonNull(key);
    requireNonNull(executor);
    return CompletableFuture.supplyAsync(() -> LoaderCalls.unchecked(() -> load(key)), executor);
  }

  /** Runs {@link #loadAll} on the {@code executor}. */
  @Override
  default CompletableFuture<? extends Map<? extends K, ? extends V>> asyncLoadAll(
      Set<? extends K> keys, Executor executor) throws Exception {
    requireNonNull(keys);
    requireNonNull(executor);
    return CompletableFuture.supplyAsync(
        () -> LoaderCalls.unchecked(() -> loadAll(keys)), executor);
  }

  /**
   * Computes or retrieves a replacement value corresponding to an already-cached {@code key}; by
   * default, calls {@link #load}.
   */
  default @Nullable V reload(K key, V oldValue) throws Exception {
    return load(key);
  }

  /** Runs {@link #reload} on the {@code executor}. */
  @Override
  default CompletableFuture<? extends V> asyncReload(K key, V oldValue, Executor executor)
      throws Exception {
    requireNonNull(key);
    requireNonNull(executor);
    return CompletableFuture.supplyAsync(
        () -> LoaderCalls.unchecked(() -> reload(key, oldValue)), executor);
  }

  /** Returns a loader that delegates to the bulk {@code mappingFunction} for every load. */
  static <K, V> CacheLoader<K, V> bulk(
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> mappingFunction) {
    requireNonNull(mappingFunction, "mappingFunction");
    return new CacheLoader<>() {
      @Override
      public @Nullable V load(K key) {
        return loadAll(Set.of(key)).get(key);
      }

      @Override
      public Map<? extends K, ? extends V> loadAll(Set<? extends K> keys) {
        return mappingFunction.apply(keys);
      }
    };
  }
}
