package io.larder.benchmarks.adapter;

import io.larder.cache.Cache;
import io.larder.cache.Caffeine;
import io.larder.cache.Expiry;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Builds caches with Larder. The code is {@link CaffeineLibrary}'s against Larder's package (the
 * API is Caffeine's, type for type), plus Larder's {@code maximumMemory}, so the two libraries are
 * configured identically.
 */
public final class LarderLibrary implements CacheLibrary {

  @Override
  public String name() {
    return "Larder";
  }

  @Override
  public <K, V> BenchCache<K, V> build(CacheSpec spec) {
    try {
      Caffeine<Object, Object> builder = Caffeine.newBuilder();
      if (spec.maximumMemory() >= 0) {
        builder.maximumMemory(spec.maximumMemory());
      }
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
      if (spec.variableExpiry() != null) {
        builder.expireAfter(new Bridge(new FixedDurationExpiry(spec.variableExpiry())));
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
      if (spec.sameThreadExecutor()) {
        builder.executor(Runnable::run);
      }
      Cache<K, V> cache;
      if (spec.refreshAfterWrite() != null) {
        cache =
            builder.build(
                key -> {
                  throw new UnsupportedOperationException("the benchmarks never load");
                });
      } else {
        cache = builder.build();
      }
      return new Adapter<>(cache);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new UnsupportedConfigurationException("Larder rejects it: " + e.getMessage());
    } catch (UnsupportedOperationException e) {
      throw new UnsupportedConfigurationException(
          "not supported by Larder yet (" + e.getMessage() + ")");
    }
  }

  private static final class Bridge implements Expiry<Object, Object> {
    private final FixedDurationExpiry expiry;

    Bridge(FixedDurationExpiry expiry) {
      this.expiry = expiry;
    }

    @Override
    public long expireAfterCreate(Object key, Object value, long currentTime) {
      return expiry.afterCreate();
    }

    @Override
    public long expireAfterUpdate(
        Object key, Object value, long currentTime, long currentDuration) {
      return expiry.afterUpdate();
    }

    @Override
    public long expireAfterRead(Object key, Object value, long currentTime, long currentDuration) {
      return expiry.afterRead(currentDuration);
    }

    @Override
    public String toString() {
      return expiry.toString();
    }
  }

  private static final class Adapter<K, V> implements BenchCache<K, V> {
    private final Cache<K, V> cache;
    private final Map<K, V> map;

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
      return cache.get(key, mappingFunction);
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
      return cache.estimatedSize();
    }

    @Override
    public Object unwrap() {
      return cache;
    }
  }
}
