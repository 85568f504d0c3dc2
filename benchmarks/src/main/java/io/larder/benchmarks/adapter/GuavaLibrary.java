package io.larder.benchmarks.adapter;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.cache.CacheLoader;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Builds caches with Guava's {@code CacheBuilder}, the predecessor both libraries replace. */
public final class GuavaLibrary implements CacheLibrary {

  @Override
  public String name() {
    return "Guava";
  }

  @Override
  public <K, V> BenchCache<K, V> build(CacheSpec spec) {
    if (spec.maximumMemory() >= 0) {
      throw new UnsupportedConfigurationException("Guava has no memory bound");
    }
    if (spec.variableExpiry() != null) {
      throw new UnsupportedConfigurationException("Guava has no variable (per-entry) expiry");
    }
    try {
      CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder();
      if (spec.maximumSize() >= 0) {
        builder.maximumSize(spec.maximumSize());
      }
      if (spec.maximumWeight() >= 0) {
        builder.maximumWeight(spec.maximumWeight()).weigher((Object k, Object v) -> 1);
      }
      if (spec.expireAfterWrite() != null) {
        builder.expireAfterWrite(spec.expireAfterWrite());
      }
      if (spec.expireAfterAccess() != null) {
        builder.expireAfterAccess(spec.expireAfterAccess());
      }
      if (spec.refreshAfterWrite() != null) {
        builder.refreshAfterWrite(spec.refreshAfterWrite());
      }
      if (spec.weakKeys()) {
        builder.weakKeys();
      }
      if (spec.weakValues()) {
        builder.weakValues();
      }
      if (spec.softValues()) {
        builder.softValues();
      }
      if (spec.recordStats()) {
        builder.recordStats();
      }
      Cache<K, V> cache;
      if (spec.refreshAfterWrite() != null) {
        cache =
            builder.build(
                CacheLoader.from(
                    (K key) -> {
                      throw new UnsupportedOperationException("the benchmarks never load");
                    }));
      } else {
        cache = builder.build();
      }
      return new Adapter<>(cache);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new UnsupportedConfigurationException("Guava rejects it: " + e.getMessage());
    }
  }

  private static final class Adapter<K, V> implements BenchCache<K, V> {
    private final Cache<K, V> cache;
    private final ConcurrentMap<K, V> map;

    Adapter(Cache<K, V> cache) {
      this.cache = cache;
      this.map = cache.asMap();
    }

    @Override
    public @Nullable V getIfPresent(K key) {
      return cache.getIfPresent(key);
    }

    @Override
    public void put(K key, V value) {
      cache.put(key, value);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> mappingFunction) {
      return map.computeIfAbsent(key, mappingFunction);
    }

    @Override
    public @Nullable V compute(
        K key, BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remapping) {
      return map.compute(key, remapping);
    }

    @Override
    public void cleanUp() {
      cache.cleanUp();
    }

    @Override
    public long size() {
      return cache.size();
    }

    @Override
    public Object unwrap() {
      return cache;
    }
  }
}
