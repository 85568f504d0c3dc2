package io.larder.benchmarks.adapter;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The JDK's {@link ConcurrentHashMap}: the unbounded baseline every cache is built around. */
public final class ConcurrentHashMapLibrary implements CacheLibrary {

  @Override
  public String name() {
    return "ConcurrentHashMap";
  }

  @Override
  public <K, V> BenchCache<K, V> build(CacheSpec spec) {
    if (!spec.isPlainMap()) {
      throw new UnsupportedConfigurationException(
          "a ConcurrentHashMap has no bound, expiry, reference strength or statistics");
    }
    return new Adapter<>(new ConcurrentHashMap<>());
  }

  private static final class Adapter<K, V> implements BenchCache<K, V> {
    private final ConcurrentHashMap<K, V> map;

    Adapter(ConcurrentHashMap<K, V> map) {
      this.map = map;
    }

    @Override
    public @Nullable V getIfPresent(K key) {
      return map.get(key);
    }

    @Override
    public void put(K key, V value) {
      map.put(key, value);
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
    public void cleanUp() {}

    @Override
    public long size() {
      return map.size();
    }

    @Override
    public Object unwrap() {
      return map;
    }
  }
}
