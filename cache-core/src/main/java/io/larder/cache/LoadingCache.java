package io.larder.cache;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A semi-persistent mapping from keys to values. Values are automatically loaded by the cache, and
 * are stored in the cache until either evicted or manually invalidated.
 */
public interface LoadingCache<K, V> extends Cache<K, V> {

  /**
   * Returns the value associated with the {@code key}, loading it with the cache's loader if
   * necessary; {@code null} if the loader returned {@code null}. A checked exception thrown by the
   * loader is wrapped in a {@link java.util.concurrent.CompletionException}.
   */
  @Nullable V get(K key);

  /** Returns the values associated with the {@code keys}, loading the absent ones. */
  Map<K, V> getAll(Iterable<? extends K> keys);

  /**
   * Loads a new value for the {@code key}, asynchronously. While the new value is loading the
   * previous value (if any) continues to be returned by {@code get(key)}.
   */
  CompletableFuture<V> refresh(K key);

  /** Loads new values for the {@code keys}, asynchronously. */
  CompletableFuture<Map<K, V>> refreshAll(Iterable<? extends K> keys);
}
