package io.larder.cache;

import io.larder.cache.stats.CacheStats;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A semi-persistent mapping from keys to values. Cache entries are manually added using {@link
 * #get(Object, Function)} or {@link #put(Object, Object)}, and are stored in the cache until either
 * evicted or manually invalidated. Implementations are thread-safe.
 */
public interface Cache<K, V> {

  /** Returns the value associated with the {@code key}, or {@code null} if there is none. */
  @Nullable V getIfPresent(K key);

  /**
   * Returns the value associated with the {@code key}, obtaining it from the {@code
   * mappingFunction} if necessary. The function is applied at most once per key at a time while
   * other callers for the same key wait; a {@code null} result leaves the key absent.
   */
  @Nullable V get(K key, Function<? super K, ? extends @Nullable V> mappingFunction);

  /** Returns a map of the values associated with the {@code keys} that are present. */
  Map<K, V> getAllPresent(Iterable<? extends K> keys);

  /**
   * Returns the values associated with the {@code keys}, computing the absent ones with a single
   * call to {@code mappingFunction}. Extra entries it returns are stored as well.
   */
  Map<K, V> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> mappingFunction);

  /** Associates the {@code value} with the {@code key}, replacing any previous value. */
  void put(K key, V value);

  /** Copies all of the mappings from the specified map to the cache. */
  void putAll(Map<? extends K, ? extends V> map);

  /** Discards any cached value for the {@code key}. */
  void invalidate(K key);

  /** Discards any cached values for the {@code keys}. */
  void invalidateAll(Iterable<? extends K> keys);

  /** Discards all entries in the cache. */
  void invalidateAll();

  /** Returns the approximate number of entries in this cache. */
  long estimatedSize();

  /** Returns a current snapshot of this cache's cumulative statistics. */
  CacheStats stats();

  /** Returns a thread-safe view of the entries stored in this cache as a {@link ConcurrentMap}. */
  ConcurrentMap<K, V> asMap();

  /** Performs any pending maintenance operations needed by the cache. */
  void cleanUp();

  /** Returns access to inspect and perform low-level operations on this cache. */
  Policy<K, V> policy();
}
