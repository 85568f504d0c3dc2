package io.larder.cache;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A semi-persistent mapping from keys to values held as {@link CompletableFuture}s, loaded
 * automatically by the cache's loader.
 */
public interface AsyncLoadingCache<K, V> extends AsyncCache<K, V> {

  /** Returns the future associated with the {@code key}, loading it if necessary. */
  CompletableFuture<V> get(K key);

  /** Returns the future of the values associated with the {@code keys}, loading the absent ones. */
  CompletableFuture<Map<K, V>> getAll(Iterable<? extends K> keys);

  /** Returns a view of the entries stored in this cache as a synchronous {@link LoadingCache}. */
  @Override
  LoadingCache<K, V> synchronous();
}
