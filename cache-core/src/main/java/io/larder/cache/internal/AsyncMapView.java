package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.CacheInsight;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code asMap()} view of an asynchronous cache: the futures as stored. Reads and removals go
 * straight to the storage; every write of a new future registers it, as {@code put} does, so that a
 * failed or {@code null} future is removed and its load counted when it completes.
 */
final class AsyncMapView<K, V>
    implements ConcurrentMap<K, CompletableFuture<V>>, CacheInsight.InsightSource {
  private final LocalAsyncCache<K, V> asyncCache;
  private final LocalCache<K, CompletableFuture<V>> cache;

  AsyncMapView(LocalAsyncCache<K, V> asyncCache) {
    this.asyncCache = requireNonNull(asyncCache);
    this.cache = asyncCache.cache();
  }

  @Override
  public CacheInsight insight() {
    return asyncCache.insight();
  }

  @Override
  public boolean isEmpty() {
    return cache.isEmpty();
  }

  @Override
  public int size() {
    return cache.size();
  }

  @Override
  public void clear() {
    cache.clear();
  }

  @Override
  public boolean containsKey(Object key) {
    return cache.containsKey(key);
  }

  @Override
  @SuppressWarnings("CollectionUndefinedEquality") // futures are equal by identity, as in Caffeine
  public boolean containsValue(Object value) {
    return cache.containsValue(value);
  }

  @Override
  public @Nullable CompletableFuture<V> get(Object key) {
    return cache.get(key);
  }

  @Override
  public @Nullable CompletableFuture<V> putIfAbsent(K key, CompletableFuture<V> value) {
    CompletableFuture<V> prior = cache.putIfAbsent(key, value);
    long startTime = cache.statsTicker().read();
    if (prior == null) {
      asyncCache.handleCompletion(key, value, startTime, /* recordMiss= */ false);
    }
    return prior;
  }

  @Override
  public @Nullable CompletableFuture<V> put(K key, CompletableFuture<V> value) {
    CompletableFuture<V> prior = cache.put(key, value);
    long startTime = cache.statsTicker().read();
    if (prior != value) {
      asyncCache.handleCompletion(key, value, startTime, /* recordMiss= */ false);
    }
    return prior;
  }

  @Override
  @SuppressWarnings("FutureReturnValueIgnored")
  public void putAll(Map<? extends K, ? extends CompletableFuture<V>> map) {
    map.forEach(this::put);
  }

  @Override
  public @Nullable CompletableFuture<V> replace(K key, CompletableFuture<V> value) {
    CompletableFuture<V> prior = cache.replace(key, value);
    long startTime = cache.statsTicker().read();
    if ((prior != null) && (prior != value)) {
      asyncCache.handleCompletion(key, value, startTime, /* recordMiss= */ false);
    }
    return prior;
  }

  @Override
  public boolean replace(K key, CompletableFuture<V> oldValue, CompletableFuture<V> newValue) {
    boolean replaced = cache.replace(key, oldValue, newValue);
    long startTime = cache.statsTicker().read();
    if (replaced && (newValue != oldValue)) {
      asyncCache.handleCompletion(key, newValue, startTime, /* recordMiss= */ false);
    }
    return replaced;
  }

  @Override
  public @Nullable CompletableFuture<V> remove(Object key) {
    return cache.remove(key);
  }

  @Override
  public boolean remove(Object key, Object value) {
    return cache.remove(key, value);
  }

  @Override
  @SuppressWarnings("FutureReturnValueIgnored")
  public @Nullable CompletableFuture<V> computeIfAbsent(
      K key, Function<? super K, ? extends @Nullable CompletableFuture<V>> mappingFunction) {
    requireNonNull(mappingFunction);
    @SuppressWarnings({"rawtypes", "unchecked"})
    @Nullable CompletableFuture<V>[] result = new CompletableFuture[1];
    long startTime = cache.statsTicker().read();
    CompletableFuture<V> future =
        cache.computeIfAbsent(
            key,
            k -> {
              result[0] = mappingFunction.apply(k);
              return result[0];
            },
            /* recordStats= */ false,
            /* recordLoad= */ false);

    CompletableFuture<V> created = result[0];
    if (created == null) {
      if ((future != null) && cache.isRecordingStats()) {
        future.whenComplete(
            (r, e) -> {
              if ((r != null) || (e == null)) {
                cache.statsCounter().recordHits(1);
              }
            });
      }
    } else {
      asyncCache.handleCompletion(key, created, startTime, /* recordMiss= */ true);
    }
    return future;
  }

  @Override
  public @Nullable CompletableFuture<V> computeIfPresent(
      K key,
      BiFunction<? super K, ? super CompletableFuture<V>, ? extends @Nullable CompletableFuture<V>>
          remappingFunction) {
    requireNonNull(remappingFunction);
    return remap(
        key, (k, oldValue) -> (oldValue == null) ? null : remappingFunction.apply(k, oldValue));
  }

  @Override
  public @Nullable CompletableFuture<V> compute(
      K key,
      BiFunction<
              ? super K,
              ? super @Nullable CompletableFuture<V>,
              ? extends @Nullable CompletableFuture<V>>
          remappingFunction) {
    requireNonNull(remappingFunction);
    return remap(key, remappingFunction);
  }

  @Override
  public @Nullable CompletableFuture<V> merge(
      K key,
      CompletableFuture<V> value,
      BiFunction<
              ? super CompletableFuture<V>,
              ? super CompletableFuture<V>,
              ? extends @Nullable CompletableFuture<V>>
          remappingFunction) {
    requireNonNull(value);
    requireNonNull(remappingFunction);
    return remap(
        key,
        (k, oldValue) -> (oldValue == null) ? value : remappingFunction.apply(oldValue, value));
  }

  /**
   * Computes the key's new future without counting it as a load, then registers a new future so
   * that its completion is handled as {@code put}'s is.
   */
  private @Nullable CompletableFuture<V> remap(
      K key,
      BiFunction<
              ? super K,
              ? super @Nullable CompletableFuture<V>,
              ? extends @Nullable CompletableFuture<V>>
          remappingFunction) {
    @SuppressWarnings({"rawtypes", "unchecked"})
    @Nullable CompletableFuture<V>[] result = new CompletableFuture[1];
    @SuppressWarnings({"rawtypes", "unchecked"})
    @Nullable CompletableFuture<V>[] prior = new CompletableFuture[1];
    long startTime = cache.statsTicker().read();
    cache.compute(
        key,
        (k, oldValue) -> {
          result[0] = remappingFunction.apply(k, oldValue);
          prior[0] = oldValue;
          return result[0];
        },
        cache.expiry(),
        /* recordLoad= */ false,
        /* recordLoadFailure= */ false);

    CompletableFuture<V> computed = result[0];
    if ((computed != null) && (computed != prior[0])) {
      asyncCache.handleCompletion(key, computed, startTime, /* recordMiss= */ false);
    }
    return computed;
  }

  @Override
  public void forEach(BiConsumer<? super K, ? super CompletableFuture<V>> action) {
    cache.forEach(action);
  }

  @Override
  public Set<K> keySet() {
    return cache.keySet();
  }

  @Override
  public Collection<CompletableFuture<V>> values() {
    return cache.values();
  }

  @Override
  public Set<Entry<K, CompletableFuture<V>>> entrySet() {
    return cache.entrySet();
  }

  @Override
  @SuppressWarnings("EqualsWhichDoesntCheckParameterClass")
  public boolean equals(@Nullable Object o) {
    return (o == this) || cache.equals(o);
  }

  @Override
  public int hashCode() {
    return cache.hashCode();
  }

  @Override
  public String toString() {
    return cache.toString();
  }
}
