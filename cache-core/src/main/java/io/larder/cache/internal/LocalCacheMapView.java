package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.CacheInsight;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code asMap()} view of a synchronous cache: every method is the storage's own (see {@link
 * LocalCache} for how they count statistics and notify), and the view also offers the cache's
 * {@link CacheInsight}, so that {@code CacheInsight.of(cache.asMap())} works on any storage.
 */
final class LocalCacheMapView<K, V> implements ConcurrentMap<K, V>, CacheInsight.InsightSource {
  private final LocalCache<K, V> cache;
  private final CacheInsight insight;

  LocalCacheMapView(LocalCache<K, V> cache, CacheInsight insight) {
    this.cache = requireNonNull(cache);
    this.insight = requireNonNull(insight);
  }

  @Override
  public CacheInsight insight() {
    return insight;
  }

  @Override
  public int size() {
    return cache.size();
  }

  @Override
  public boolean isEmpty() {
    return cache.isEmpty();
  }

  @Override
  public boolean containsKey(Object key) {
    return cache.containsKey(key);
  }

  @Override
  public boolean containsValue(Object value) {
    return cache.containsValue(value);
  }

  @Override
  public @Nullable V get(Object key) {
    return cache.get(key);
  }

  @Override
  public @Nullable V getOrDefault(Object key, @Nullable V defaultValue) {
    return cache.getOrDefault(key, defaultValue);
  }

  @Override
  public @Nullable V put(K key, V value) {
    return cache.put(key, value);
  }

  @Override
  public @Nullable V putIfAbsent(K key, V value) {
    return cache.putIfAbsent(key, value);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    cache.putAll(map);
  }

  @Override
  public @Nullable V remove(Object key) {
    return cache.remove(key);
  }

  @Override
  public boolean remove(Object key, @Nullable Object value) {
    return cache.remove(key, value);
  }

  @Override
  public @Nullable V replace(K key, V value) {
    return cache.replace(key, value);
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    return cache.replace(key, oldValue, newValue);
  }

  @Override
  public void clear() {
    cache.clear();
  }

  @Override
  public void forEach(BiConsumer<? super K, ? super V> action) {
    cache.forEach(action);
  }

  @Override
  public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
    cache.replaceAll(function);
  }

  @Override
  public @Nullable V computeIfAbsent(
      K key, Function<? super K, ? extends @Nullable V> mappingFunction) {
    return cache.computeIfAbsent(key, mappingFunction);
  }

  @Override
  public @Nullable V computeIfPresent(
      K key, BiFunction<? super K, ? super V, ? extends @Nullable V> remappingFunction) {
    return cache.computeIfPresent(key, remappingFunction);
  }

  @Override
  public @Nullable V compute(
      K key, BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remappingFunction) {
    return cache.compute(key, remappingFunction);
  }

  @Override
  public @Nullable V merge(
      K key, V value, BiFunction<? super V, ? super V, ? extends @Nullable V> remappingFunction) {
    return cache.merge(key, value, remappingFunction);
  }

  @Override
  public Set<K> keySet() {
    return cache.keySet();
  }

  @Override
  public Collection<V> values() {
    return cache.values();
  }

  @Override
  public Set<Entry<K, V>> entrySet() {
    return cache.entrySet();
  }

  @Override
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
