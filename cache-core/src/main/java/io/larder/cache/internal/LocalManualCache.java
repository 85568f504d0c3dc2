package io.larder.cache.internal;

import static java.util.Objects.requireNonNull;

import io.larder.cache.Cache;
import io.larder.cache.CacheInsight;
import io.larder.cache.Policy;
import io.larder.cache.stats.CacheStats;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Cache} over any {@link LocalCache} storage, with Caffeine's semantics: statistics are
 * counted by the storage's flagged methods, and a bulk load is one call for all the absent keys.
 */
class LocalManualCache<K, V> implements Cache<K, V>, CacheInsight.InsightSource {
  final LocalCache<K, V> cache;
  private final CacheInsight insight;
  private final LocalCacheMapView<K, V> mapView;

  /** Creates the adapter over the storage. */
  LocalManualCache(LocalCache<K, V> cache) {
    this.cache = requireNonNull(cache, "cache");
    this.insight = new LocalInsight(cache);
    this.mapView = new LocalCacheMapView<>(cache, insight);
  }

  @Override
  public CacheInsight insight() {
    return insight;
  }

  @Override
  public @Nullable V getIfPresent(K key) {
    return cache.getIfPresent(key, /* recordStats= */ true);
  }

  @Override
  public @Nullable V get(K key, Function<? super K, ? extends @Nullable V> mappingFunction) {
    return cache.computeIfAbsent(key, mappingFunction);
  }

  @Override
  public Map<K, V> getAllPresent(Iterable<? extends K> keys) {
    return cache.getAllPresent(keys);
  }

  @Override
  public Map<K, V> getAll(
      Iterable<? extends K> keys,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> mappingFunction) {
    requireNonNull(mappingFunction);
    Map<K, V> found = cache.getAllPresent(keys);
    Set<K> keysToLoad = new LinkedHashSet<>();
    Map<K, @Nullable V> result = new LinkedHashMap<>();
    for (K key : keys) {
      V value = found.get(key);
      if (value == null) {
        keysToLoad.add(key);
      }
      result.put(key, value);
    }
    if (keysToLoad.isEmpty()) {
      return found;
    }
    bulkLoad(keysToLoad, result, mappingFunction);
    @SuppressWarnings("NullAway") // the keys that did not load were removed
    Map<K, V> loaded = Collections.unmodifiableMap(result);
    return loaded;
  }

  /**
   * Loads the absent keys with one call and stores every entry it returns, extra keys included; a
   * requested key it does not return is left out of the result. Counts one load: a success if the
   * function returned any entry, a failure otherwise (empty result or exception).
   */
  private void bulkLoad(
      Set<K> keysToLoad,
      Map<K, @Nullable V> result,
      Function<? super Set<? extends K>, ? extends Map<? extends K, ? extends V>> mappingFunction) {
    long startTime = cache.statsTicker().read();
    boolean success = false;
    try {
      Map<? extends K, ? extends V> loaded =
          mappingFunction.apply(Collections.unmodifiableSet(keysToLoad));
      loaded.forEach(cache::put);
      for (K key : keysToLoad) {
        V value = loaded.get(key);
        if (value == null) {
          result.remove(key);
        } else {
          result.put(key, value);
        }
      }
      success = !loaded.isEmpty();
    } finally {
      long loadTime = cache.statsTicker().read() - startTime;
      if (success) {
        cache.statsCounter().recordLoadSuccess(loadTime);
      } else {
        cache.statsCounter().recordLoadFailure(loadTime);
      }
    }
  }

  @Override
  public void put(K key, V value) {
    cache.put(key, value);
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    cache.putAll(map);
  }

  @Override
  public void invalidate(K key) {
    cache.remove(key);
  }

  @Override
  public void invalidateAll(Iterable<? extends K> keys) {
    cache.invalidateAll(keys);
  }

  @Override
  public void invalidateAll() {
    cache.clear();
  }

  @Override
  public long estimatedSize() {
    return cache.estimatedSize();
  }

  @Override
  public CacheStats stats() {
    return cache.statsCounter().snapshot();
  }

  @Override
  public ConcurrentMap<K, V> asMap() {
    return mapView;
  }

  @Override
  public void cleanUp() {
    cache.cleanUp();
  }

  @Override
  public Policy<K, V> policy() {
    return cache.policy();
  }
}
