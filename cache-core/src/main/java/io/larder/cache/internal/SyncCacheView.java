package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Policy;
import io.larder.cache.stats.CacheStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code synchronous()} view of an asynchronous cache, as Caffeine's: reads see only completed
 * values (an in-flight future reads as absent, though {@code getIfPresent} counts it as a hit);
 * {@code get} and {@code getAll} wait for the asynchronous computation and rethrow its unchecked
 * failure unwrapped; writes store completed futures.
 */
class SyncCacheView<K, V> implements Cache<K, V>, CacheInsight.InsightSource {
  final LocalAsyncCache<K, V> asyncCache;
  private @Nullable ConcurrentMap<K, V> asMapView;

  SyncCacheView(LocalAsyncCache<K, V> asyncCache) {
    this.asyncCache = requireNonNull(asyncCache);
  }

  final LocalCache<K, CompletableFuture<V>> cache() {
    return asyncCache.cache();
  }

  @Override
  public CacheInsight insight() {
    return asyncCache.insight();
  }

  @Override
  public @Nullable V getIfPresent(K key) {
    CompletableFuture<V> future = cache().getIfPresent(key, /* recordStats= */ true);
    return FutureValues.getIfReady(future);
  }

  @Override
  public Map<K, V> getAllPresent(Iterable<? extends K> keys) {
    var result = new LinkedHashMap<K, @Nullable V>();
    for (K key : keys) {
      result.put(key, null);
    }

    int uniqueKeys = result.size();
    for (var iter = result.entrySet().iterator(); iter.hasNext(); ) {
      Map.Entry<K, @Nullable V> entry = iter.next();
      CompletableFuture<V> future = cache().get(entry.getKey());
      V value = FutureValues.getIfReady(future);
      if (value == null) {
        iter.remove();
      } else {
        entry.setValue(value);
      }
    }
    cache().statsCounter().recordHits(result.size());
    cache().statsCounter().recordMisses(uniqueKeys - result.size());

    @SuppressWarnings("NullAway") // every remaining value is non-null
    Map<K, V> unmodifiable = Collections.unmodifiableMap(result);
    return unmodifiable;
  }

  @Override
  @SuppressWarnings("NullAway") // a null result of the mapping function reads as null
  public @Nullable V get(K key, Function<? super K, ? extends @Nullable V> mappingFunction) {
    return resolve(asyncCache.get(key, mappingFunction));
  }

  @Override
  public Map<K, V> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> mappingFunction) {
    return resolve(asyncCache.getAll(keys, mappingFunction));
  }

  /** Waits for the future, rethrowing an unchecked failure as itself, as Caffeine does. */
  static <T> T resolve(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (AsyncBulkCompleter.NullMapCompletionException e) {
      throw new NullPointerException("null map");
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      } else if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public void put(K key, V value) {
    requireNonNull(value);
    cache().put(key, CompletableFuture.completedFuture(value));
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    map.forEach(this::put);
  }

  @Override
  public void invalidate(K key) {
    cache().remove(key);
  }

  @Override
  public void invalidateAll(Iterable<? extends K> keys) {
    cache().invalidateAll(keys);
  }

  @Override
  public void invalidateAll() {
    cache().clear();
  }

  @Override
  public long estimatedSize() {
    return cache().estimatedSize();
  }

  @Override
  public CacheStats stats() {
    return cache().statsCounter().snapshot();
  }

  @Override
  public void cleanUp() {
    cache().cleanUp();
  }

  @Override
  public Policy<K, V> policy() {
    return asyncCache.policy();
  }

  @Override
  public ConcurrentMap<K, V> asMap() {
    ConcurrentMap<K, V> view = asMapView;
    if (view == null) {
      view = new SyncCacheMapView<>(asyncCache);
      asMapView = view;
    }
    return view;
  }
}
